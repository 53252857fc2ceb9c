/**
 * The tensor core: float32 n-d {@link org.dropout4j.tensor.Tensor}s with reverse-mode autodiff, the pure
 * differentiable operations in {@link org.dropout4j.tensor.Ops} and, for NHWC images (convolution as im2col + GEMM,
 * pooling), {@link org.dropout4j.tensor.ConvOps} with its window geometry {@link org.dropout4j.tensor.Conv2dGeometry},
 * and trainable
 * {@link org.dropout4j.tensor.Parameter}s. Depends only on the BLAS kernels below it.
 */
package org.dropout4j.tensor;
