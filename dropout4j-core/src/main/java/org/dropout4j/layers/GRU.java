package org.dropout4j.layers;

import org.dropout4j.tensor.Recurrent.Cell;

/**
 * Keras 3's {@code GRU} with {@code reset_after=True} (the Keras 3 and cuDNN convention; Cho et al., EMNLP 2014):
 * gates z (update), r (reset), h (candidate) side by side in {@code kernel (input_dim, 3*units)} and
 * {@code recurrent_kernel (units, 3*units)}; {@code bias (2, 3*units)} holds the input bias (row 0) and the
 * recurrent bias (row 1). With {@code s} the recurrent activation:
 * {@code z = s(x_z + h_z)}, {@code r = s(x_r + h_r)}, {@code hh = activation(x_h + r * h_h)},
 * {@code h = z * h_prev + (1 - z) * hh}, where {@code x_* = x · kernel_* + bias[0]_*} and
 * {@code h_* = h_prev · recurrent_kernel_* + bias[1]_*}. Parameters
 * {@code 3 * (input_dim*units + units*units + 2*units)}.
 * With {@code reset_after=False} the bias is {@code (3*units)} and {@code hh = activation(x_h + (r * h_prev) ·
 * recurrent_kernel_h)}; parameters {@code 3 * (input_dim*units + units*units + units)}.
 *
 * <p>Options, dropout semantics and {@code return_state}: see {@link RecurrentLayer}.
 *
 * <pre>{@code
 * new GRU(64);
 * GRU.builder(64).dropout(0.2f).recurrentDropout(0.2f).build();
 * }</pre>
 */
public final class GRU extends RecurrentLayer {
  /** Keras' {@code GRU} config (Keras 3 and Keras 2 forms); read by the same code as the other recurrent layers. */
  public static final LayerDescriptor<GRU> DESCRIPTOR = LayerDescriptor.of("GRU", GRU.class,
      r -> RecurrentConfig.read(r, "GRU", GRU::builder));

  /** {@code GRU(units)} with Keras' defaults. */
  public GRU(int units) {
    this(builder(units));
  }

  private GRU(Builder<GRU> b) {
    super(b);
  }

  /** A builder for the full option set. */
  public static Builder<GRU> builder(int units) {
    return new Builder<>(Cell.GRU, units, GRU::new);
  }

  @Override
  public String className() {
    return "GRU";
  }
}
