package org.dropout4j.tensor.blas;

/**
 * Whether {@link VectorGemm} can run here, decided without loading any class of {@code jdk.incubator.vector}: the
 * module must be in the boot layer (the JVM was started with {@code --add-modules jdk.incubator.vector}), and only
 * then is the preferred vector width asked, which must be 512 bits (the tiles are written for 16 floats; on an
 * AVX2 machine OpenBLAS stays the kernel). Without the module, nothing here touches the incubator classes, so a
 * library user who does not add it gets no {@code NoClassDefFoundError}, only the other kernels.
 */
final class VectorKernel {
  /** The incubating Vector API module. */
  static final String MODULE = "jdk.incubator.vector";

  private VectorKernel() {
  }

  /** Whether the Vector API kernel is available: the module is resolved and the preferred species is 512 bits. */
  static boolean available() {
    return Holder.AVAILABLE;
  }

  /**
   * Why the kernel is not available, for error messages, or {@code null} when it is.
   */
  static String unavailableReason() {
    if (!moduleResolved()) {
      return "the module " + MODULE + " is not in the boot layer (start the JVM with --add-modules " + MODULE + ")";
    }
    return available() ? null : "the preferred vector width is " + Width.preferredBits()
        + " bits; the kernel needs 512-bit vectors (AVX-512)";
  }

  /**
   * The kernel.
   *
   * @throws IllegalStateException if it is not available, saying why
   */
  static Gemm create() {
    String reason = unavailableReason();
    if (reason != null) {
      throw new IllegalStateException("the Vector API kernel is not available: " + reason);
    }
    return Instance.GEMM;
  }

  private static boolean moduleResolved() {
    return ModuleLayer.boot().findModule(MODULE).isPresent();
  }

  private static final class Holder {
    static final boolean AVAILABLE = moduleResolved() && Width.preferredBits() == 512;
  }

  /** Loaded only after the module check: it references the incubator classes. */
  private static final class Width {
    static int preferredBits() {
      return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }
  }

  private static final class Instance {
    static final Gemm GEMM = new VectorGemm();
  }
}
