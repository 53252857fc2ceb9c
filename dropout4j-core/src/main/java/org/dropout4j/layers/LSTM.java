package org.dropout4j.layers;

import org.dropout4j.tensor.Recurrent.Cell;

/**
 * Keras' {@code LSTM} (Hochreiter and Schmidhuber, 1997; forget gate of Gers et al., 2000): gates i, f, c, o
 * side by side in {@code kernel (input_dim, 4*units)}, {@code recurrent_kernel (units, 4*units)} and
 * {@code bias (4*units)}. With {@code s} the recurrent activation and {@code [zi zf zc zo] = x · kernel +
 * h_prev · recurrent_kernel + bias}: {@code c = s(zf) * c_prev + s(zi) * activation(zc)},
 * {@code h = s(zo) * activation(c)}. With {@code unit_forget_bias} (default) the forget block of the bias starts
 * at 1. Parameters {@code 4 * (input_dim*units + units*units + units)}, e.g. 80,384 for LSTM(128) on 28 features.
 *
 * <p>Options, dropout semantics and {@code return_state}: see {@link RecurrentLayer}.
 *
 * <pre>{@code
 * new LSTM(128);
 * LSTM.builder(128).dropout(0.2f).recurrentDropout(0.2f).build();   // Gal and Ghahramani variational dropout
 * }</pre>
 */
public final class LSTM extends RecurrentLayer {
  /** Keras' {@code LSTM} config (Keras 3 and Keras 2 forms); read by the same code as the other recurrent layers. */
  public static final LayerDescriptor<LSTM> DESCRIPTOR = LayerDescriptor.of("LSTM", LSTM.class,
      r -> RecurrentConfig.read(r, "LSTM", LSTM::builder));

  /** {@code LSTM(units)} with Keras' defaults. */
  public LSTM(int units) {
    this(builder(units));
  }

  private LSTM(Builder<LSTM> b) {
    super(b);
  }

  /** A builder for the full option set. */
  public static Builder<LSTM> builder(int units) {
    return new Builder<>(Cell.LSTM, units, LSTM::new);
  }

  @Override
  public String className() {
    return "LSTM";
  }
}
