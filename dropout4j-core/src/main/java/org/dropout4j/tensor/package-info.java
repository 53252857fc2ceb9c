/**
 * The tensor core: float32 n-d {@link org.dropout4j.tensor.Tensor}s with reverse-mode autodiff, the pure
 * differentiable operations in {@link org.dropout4j.tensor.Ops}, and trainable
 * {@link org.dropout4j.tensor.Parameter}s; fused hot paths with hand-written backward passes:
 * {@link org.dropout4j.tensor.Ops#dense}, {@link org.dropout4j.tensor.Recurrent} (whole-sequence RNN/GRU/LSTM) and
 * {@link org.dropout4j.tensor.Gather} (embedding lookup). Depends only on the BLAS kernels below it.
 */
package org.dropout4j.tensor;
