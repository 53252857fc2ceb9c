/**
 * Layers with Keras names, defaults and configs: {@link org.dropout4j.layers.Dense},
 * {@link org.dropout4j.layers.Activation}, {@link org.dropout4j.layers.Input}. The dropout family
 * ({@code rate} = probability to drop) lives in {@link org.dropout4j.layers.regularization}, as in Keras' {@code
 * keras.layers.regularization}. Training vs inference — and Monte Carlo dropout, where only the dropout family draws
 * noise — travels in the immutable {@link org.dropout4j.layers.CallContext}.
 *
 * <p>For images: {@link org.dropout4j.layers.Conv2D}, {@link org.dropout4j.layers.MaxPooling2D},
 * {@link org.dropout4j.layers.AveragePooling2D}, {@link org.dropout4j.layers.GlobalAveragePooling2D},
 * {@link org.dropout4j.layers.GlobalMaxPooling2D}, {@link org.dropout4j.layers.Flatten} and
 * {@link org.dropout4j.layers.Reshape} (channels_last by default, Keras weight layouts);
 * {@link org.dropout4j.layers.BatchNormalization} (batch statistics in training only: inference and Monte Carlo
 * dropout passes use the moving statistics).
 *
 * <p>Learned and structured members of the family ({@link org.dropout4j.layers.DropoutFamily}: rate, seed,
 * schedulable or not): {@link org.dropout4j.layers.DropConnectDense} (drops weights) and
 * {@link org.dropout4j.layers.ConcreteDropout} (a learned dropout probability on a Dense layer's input). Noise layers
 * without a single drop probability draw under the same rule ({@link org.dropout4j.layers.CallContext#dropoutActive()})
 * but are not members: {@link org.dropout4j.layers.SparseVariationalDense} (a learned rate per weight that prunes the
 * network) and the recurrent layers' {@link org.dropout4j.layers.RecurrentDropoutMasks} (per-sequence masks).
 *
 * <p>Configs: each layer class declares its Keras config reader as a
 * {@link org.dropout4j.layers.LayerDescriptor} ({@code public static final DESCRIPTOR}) next to the
 * {@code getConfig()} it inverts, reading with {@link org.dropout4j.layers.ConfigReader} and
 * {@link org.dropout4j.layers.ConfigObjects}; shared defaults are constants of {@link org.dropout4j.layers.Configs};
 * the layer-provider processor (dropout4j-processor) registers every such descriptor at compile time as a
 * {@link org.dropout4j.layers.LayerProvider} and {@link org.dropout4j.layers.LayerCatalog} gathers them through
 * {@link java.util.ServiceLoader} (no hand-kept list, no class path scanning, no lookup by a name from a file), so a
 * new layer type is its class alone; {@code LayerCatalogTest} names any class whose descriptor is not registered.
 *
 * <p>Sequences: {@link org.dropout4j.layers.Conv1D}, {@link org.dropout4j.layers.MaxPooling1D},
 * {@link org.dropout4j.layers.AveragePooling1D}, {@link org.dropout4j.layers.GlobalAveragePooling1D},
 * {@link org.dropout4j.layers.GlobalMaxPooling1D}, {@link org.dropout4j.layers.Embedding} and the recurrent layers on
 * {@link org.dropout4j.layers.RecurrentLayer} ({@link org.dropout4j.layers.SimpleRNN}, {@link org.dropout4j.layers.GRU},
 * {@link org.dropout4j.layers.LSTM}) with Keras' {@code dropout}/{@code recurrent_dropout} (one mask per sequence).
 *
 * <p>Thread safety: a layer's configuration is immutable after construction; {@code build} creates its weights and
 * training changes them. A built layer may be called from several threads at once (inference or training-mode calls
 * with their own {@link org.dropout4j.layers.CallContext}, as Monte Carlo dropout does) as long as nothing builds it,
 * trains it or sets its weights at the same time. {@code CallContext} is immutable.
 */
package org.dropout4j.layers;
