/**
 * The tensor core: float32 n-d {@link org.dropout4j.tensor.Tensor}s with reverse-mode autodiff, the pure
 * differentiable operations in {@link org.dropout4j.tensor.Ops}, random masks and noise in
 * {@link org.dropout4j.tensor.Noise}, and trainable {@link org.dropout4j.tensor.Parameter}s; fused hot paths with
 * hand-written backward passes, each checked against finite differences: {@link org.dropout4j.tensor.Ops#dense},
 * {@link org.dropout4j.tensor.ConvOps} for NHWC images (convolution as im2col + GEMM, pooling; window geometry in
 * {@link org.dropout4j.tensor.Conv2dGeometry}), {@link org.dropout4j.tensor.Recurrent} (whole-sequence
 * RNN/GRU/LSTM) and {@link org.dropout4j.tensor.Gather} (embedding lookup). Depends only on the BLAS kernels below it.
 *
 * <p>Thread safety: {@link org.dropout4j.tensor.Shape} and constant tensors are immutable and safe to share, and the
 * ops are stateless (they run large kernels on a shared, thread-safe pool). The exceptions are the trainable leaves
 * of a {@link org.dropout4j.tensor.Parameter}, whose values an optimizer updates in place, and gradients: {@code
 * backward()} accumulates into the leaves' {@code grad()}, so two threads must not run backward passes through the
 * same leaves at once.
 */
package org.dropout4j.tensor;
