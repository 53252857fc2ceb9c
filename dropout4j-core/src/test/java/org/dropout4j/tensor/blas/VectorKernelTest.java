package org.dropout4j.tensor.blas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A JVM started without {@code --add-modules jdk.incubator.vector} (a library user who did not add the flag) loads
 * the kernels, multiplies and reports the Vector API kernel as unavailable with the flag to add, without a
 * {@code NoClassDefFoundError}: checked in a child JVM with this test class path and no module option.
 */
final class VectorKernelTest {
  @Test
  void without_the_module_the_other_kernels_run_and_the_reason_names_the_flag() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Child.class.getName())
        .redirectErrorStream(true).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child ended");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("available=false"), out);
    assertTrue(out.contains("--add-modules jdk.incubator.vector"), out);
    assertTrue(out.contains("product=4.0,5.0,10.0,11.0"), out);
    assertTrue(out.contains("refused=IllegalStateException"), out);
  }

  /** Prints availability, the reason, a product through {@link Blas#gemm()} and what {@code create} throws. */
  public static final class Child {
    private Child() {
    }

    public static void main(String[] args) {
      float[] c = new float[4];
      Blas.gemm().sgemm(false, false, 2, 2, 3, 1f, new float[] {1, 2, 3, 4, 5, 6}, 0, 3,
          new float[] {1, 0, 0, 1, 1, 1}, 0, 2, 0f, c, 0, 2);
      String refused = "none";
      try {
        VectorKernel.create();
      } catch (IllegalStateException e) {
        refused = "IllegalStateException";
      }
      System.out.println("available=" + VectorKernel.available() + " reason=" + VectorKernel.unavailableReason()
          + " product=" + c[0] + "," + c[1] + "," + c[2] + "," + c[3] + " refused=" + refused);
    }
  }
}
