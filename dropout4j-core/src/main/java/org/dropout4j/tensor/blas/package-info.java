/**
 * Matrix multiply for the tensor core: the {@link org.dropout4j.tensor.blas.Gemm} contract and
 * {@link org.dropout4j.tensor.blas.Blas}, which hands out a pure-Java kernel, an OpenBLAS kernel (via
 * {@code org.bytedeco:openblas}), a Vector API kernel (JDK module {@code jdk.incubator.vector}, 512-bit vectors) or
 * the default selection between them.
 *
 * <p>Implementations are package-private: {@code JavaGemm} (cache-blocked, auto-vectorised loops, rows of C split
 * across a ForkJoin pool for large products, bit-identical for any thread count), {@code OpenBlasGemm} (off-heap
 * copies of the used regions, one JNI call), {@code VectorGemm} (register tiles of 512-bit vectors, one fma chain per
 * element, so bit-identical for any thread count; loaded only through {@code VectorKernel} once the module is
 * known to be resolved) and {@code AutoGemm} (a kernel per shape: small products to Java, the Vector API kernel's
 * shapes to it when selected, the rest native).
 *
 * <p>Thread safety: the kernels are stateless and may be called from any number of threads at once (OpenBLAS operand
 * buffers are per thread); the selection in {@code Blas.gemm()} is made once, safely, on first use.
 */
package org.dropout4j.tensor.blas;
