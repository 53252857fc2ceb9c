package org.dropout4j.layers;

import org.dropout4j.tensor.Recurrent.Cell;

/**
 * Keras' {@code SimpleRNN}: {@code h_t = activation(x_t · kernel + h_(t-1) · recurrent_kernel + bias)}, with
 * {@code kernel (input_dim, units)}, {@code recurrent_kernel (units, units)}, {@code bias (units)}; parameters
 * {@code input_dim*units + units*units + units}.
 *
 * <p>Options, dropout semantics and {@code return_state}: see {@link RecurrentLayer}.
 *
 * <pre>{@code
 * new SimpleRNN(32);
 * SimpleRNN.builder(32).dropout(0.2f).recurrentDropout(0.2f).returnSequences(true).build();
 * }</pre>
 */
public final class SimpleRNN extends RecurrentLayer {
  /** Keras' {@code SimpleRNN} config (Keras 3 and Keras 2 forms); read by the same code as the other recurrent layers. */
  public static final LayerDescriptor<SimpleRNN> DESCRIPTOR = LayerDescriptor.of("SimpleRNN", SimpleRNN.class,
      r -> RecurrentConfig.read(r, "SimpleRNN", SimpleRNN::builder));

  /** {@code SimpleRNN(units)} with Keras' defaults. */
  public SimpleRNN(int units) {
    this(builder(units));
  }

  private SimpleRNN(Builder<SimpleRNN> b) {
    super(b);
  }

  /** A builder for the full option set. */
  public static Builder<SimpleRNN> builder(int units) {
    return new Builder<>(Cell.SIMPLE, units, SimpleRNN::new);
  }

  @Override
  public String className() {
    return "SimpleRNN";
  }
}
