package org.dropout4j.layers;

/**
 * The public constructor of a pooling layer, {@code (pool_size, strides, padding, data_format, name)}, as the
 * pooling bases' descriptor factories call it.
 *
 * @param <S> how a size is given: {@code Integer} (1-D) or {@code int[]}
 * @param <L> the layer type
 */
interface PoolingFactory<S, L extends Layer> {
  L create(S poolSize, S strides, String padding, String dataFormat, String name);
}
