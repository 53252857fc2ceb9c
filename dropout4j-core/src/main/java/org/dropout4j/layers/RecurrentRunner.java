package org.dropout4j.layers;

import java.util.List;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Ops.FusedActivation;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Recurrent.Cell;
import org.dropout4j.tensor.Recurrent;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * How a {@link RecurrentLayer} runs over one batch of sequences: draws Keras' variational dropout masks (see the
 * layer's description), then runs the fused kernel of {@link Recurrent} (tanh, sigmoid, relu, linear, no mask, zero
 * initial state) or the step path of {@link RecurrentSteps} (any activation, a mask, an {@code initial_state}), and
 * returns the output and, on request, the final states.
 */
final class RecurrentRunner {
  private static final int STREAM_INPUT_MASK = 0;
  private static final int STREAM_RECURRENT_MASK = 1;

  private final Cell cell;
  private final int units;
  private final FusedActivation activation;
  private final FusedActivation recurrentActivation;
  /** The step-by-step path: the only one for other activations, and the one that applies a mask or given states. */
  private final RecurrentSteps stepwise;
  private final boolean fusedKernel;
  private final float dropout;
  private final float recurrentDropout;
  private final Long seed;
  private final boolean returnSequences;
  private final boolean goBackwards;

  RecurrentRunner(String cls, Cell cell, int units, String activation, String recurrentActivation, float dropout,
      float recurrentDropout, Long seed, boolean returnSequences, boolean goBackwards) {
    this.cell = cell;
    this.units = units;
    this.activation = fused(cls, "activation", activation);
    this.recurrentActivation = fused(cls, "recurrent_activation", recurrentActivation);
    this.fusedKernel = this.activation != null && (this.recurrentActivation != null || cell == Cell.SIMPLE);
    this.stepwise = new RecurrentSteps(cell, units, RecurrentSteps.activation(cls, "activation", activation),
        RecurrentSteps.activation(cls, "recurrent_activation", recurrentActivation));
    this.dropout = dropout;
    this.recurrentDropout = recurrentDropout;
    this.seed = seed;
    this.returnSequences = returnSequences;
    this.goBackwards = goBackwards;
  }

  /** The fused kernel's activation for a name, or null when only the general path computes it. */
  private static FusedActivation fused(String cls, String arg, String name) {
    return FusedActivation.forName(RecurrentSteps.activation(cls, arg, name).name());
  }

  /**
   * The output, then with {@code withStates} the final {@code h} (and LSTM's {@code c}).
   *
   * @param layer the layer run, for messages
   * @param bias the bias or null
   * @param initialStates the states to start from ({@code h}, and {@code c} for LSTM, each {@code (batch, units)}),
   *     or null for zeros
   * @param zeroOutput Keras' {@code zero_output_for_mask}
   */
  List<Tensor> run(Layer layer, Tensor input, Tensor kernel, Tensor recurrentKernel, Tensor bias,
      List<Tensor> initialStates, CallContext context, boolean withStates, boolean zeroOutput) {
    int batch = input.shape().dim(0);
    Tensor inMask = null;
    Tensor recMask = null;
    if (context.dropoutActive() && (dropout > 0f || recurrentDropout > 0f)) {
      RngKey key = context.noiseKey(seed);
      int masks = cell != Cell.SIMPLE && recurrentDropout > 0f ? cell.gates() : 1;
      if (dropout > 0f) {
        inMask = RecurrentDropoutMasks.stacked(key.fold(STREAM_INPUT_MASK), masks, batch, input.shape().dim(2),
            dropout);
      }
      if (recurrentDropout > 0f) {
        recMask = RecurrentDropoutMasks.stacked(key.fold(STREAM_RECURRENT_MASK), masks, batch, units,
            recurrentDropout);
      }
    }
    float[] stepMask = RecurrentSteps.stepMask(layer, input);
    if (!fusedKernel || stepMask != null || initialStates != null) {
      List<Tensor> out = stepwise.run(input, kernel, recurrentKernel, bias, inMask, recMask, returnSequences,
          goBackwards, stepMask, zeroOutput, RecurrentCalls.checkedStates(layer, initialStates, batch, units));
      return withStates ? out : List.of(out.get(0));
    }
    boolean carry = withStates && cell == Cell.LSTM;
    Recurrent.Spec spec = new Recurrent.Spec(cell, activation, recurrentActivation, returnSequences, goBackwards,
        carry);
    Tensor y = Recurrent.run(spec, input, kernel, recurrentKernel, bias, inMask, recMask);
    if (!withStates) {
      return List.of(y);
    }
    int seqWidth = (returnSequences ? input.shape().dim(1) : 1) * units;
    Tensor output = carry ? Recurrent.columns(y, 0, seqWidth) : y;
    if (returnSequences) {
      output = Ops.reshape(output, batch, input.shape().dim(1), units);
    }
    Tensor flat = returnSequences ? Ops.reshape(output, batch, seqWidth) : output;
    Tensor h = returnSequences ? Recurrent.columns(flat, seqWidth - units, seqWidth) : output;
    if (carry) {
      return List.of(output, h, Recurrent.columns(y, seqWidth, seqWidth + units));
    }
    return List.of(output, h);
  }

  /** The number of states: 2 for LSTM ({@code h, c}), else 1 ({@code h}). */
  int stateCount() {
    return cell == Cell.LSTM ? 2 : 1;
  }

  /** {@code (batch, units)}, the shape of each state. */
  Shape stateShape(int batch) {
    return Shape.of(batch, units);
  }
}
