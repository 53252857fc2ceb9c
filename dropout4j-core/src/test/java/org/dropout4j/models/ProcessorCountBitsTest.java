package org.dropout4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Flatten;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.losses.Losses;
import org.dropout4j.optimizers.Adam;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.GradientCheck;
import org.dropout4j.tensor.Parallel;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * A seed gives the same weights to the bit on one processor and on two: a wide MLP on the fused head (its products
 * cut into blocks, its Adam update one parallel pass over chunks of all weights, its kernels kept off-heap) trained
 * in two child JVMs with {@code -XX:ActiveProcessorCount=1} and {@code =2}, then its Monte Carlo dropout draws. The
 * children print the thread count they ran with and the bits of every weight and of the draws (hashed); the two
 * prints must be equal apart from the thread count. The
 * children resolve the Vector API module when this JVM does, so its kernel takes the products it takes in a run
 * (and then the Monte Carlo passes go input by input over the nonzero columns, {@link McCompactedPasses}).
 */
class ProcessorCountBitsTest {
  @Test
  void training_givesTheSameBitsOnOneAndTwoProcessors() throws Exception {
    String one = child(1);
    String two = child(2);
    assertTrue(one.startsWith("threads=1 "), one);
    assertTrue(two.startsWith("threads=2 "), two);
    assertEquals(one.substring(one.indexOf(' ')), two.substring(two.indexOf(' ')), "weights after training");
    if (org.dropout4j.tensor.blas.Blas.vectorAvailable()) { // the passes go input by input over nonzero columns
      assertTrue(one.contains(" compacted=true "), one);
    }
  }

  private static String child(int processors) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-XX:ActiveProcessorCount=" + processors));
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
      command.addAll(List.of("--add-modules", "jdk.incubator.vector"));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Child.class.getName()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child with " + processors + " processors ended");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertEquals(0, p.exitValue(), out);
    return out.substring(out.lastIndexOf('\n') + 1);
  }

  /**
   * Trains 256-300-300-10 with Dropout and Adam for 6 steps of 128 rows (products of 128 x 300 x 256 are cut into
   * blocks; the weights have 170,000 elements, many chunks of the update pass) and prints the result.
   */
  public static final class Child {
    private Child() {
    }

    public static void main(String[] args) {
      Tensor x = GradientCheck.uniform(41, -1f, 1f, 384, 16, 16);
      float[] labels = new float[384];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = (i * 7) % 10;
      }
      Sequential m = new Sequential(Input.shape(16, 16), new Flatten(), new Dense(300, "relu"), new Dropout(0.2f),
          new Dense(300, "relu"), new Dropout(0.2f), new Dense(10, "softmax"));
      m.setRandomSeed(5);
      m.compile(new Adam(0.001f), Losses.get("sparse_categorical_crossentropy"));
      m.fit(x, Tensor.of(org.dropout4j.tensor.Shape.of(384), labels), FitOptions.builder().epochs(2).batchSize(128)
          .verbose(0).build());
      StringBuilder out = new StringBuilder("threads=" + Parallel.THREADS + " plan=" + m.plan().kind() + " gemm="
          + org.dropout4j.tensor.blas.Blas.gemm().name());
      for (Parameter p : m.weights()) {
        long h = 0;
        for (float v : p.data()) {
          h = h * 31 + Float.floatToRawIntBits(v);
        }
        out.append(' ').append(Long.toHexString(h));
      }
      // Monte Carlo dropout of the trained model: 5 passes stacked, products of 1920 rows in blocks (McDenseStack),
      // input by input with the first product over each input's nonzero columns (McCompactedPasses) where it applies
      int fixed = ExecutionPlanner.monteCarloFixedLayers(m);
      float[] prefix = m.callLayers(x, CallContext.monteCarlo(RngKey.of(1), 1, RngKey.of(2)), 0, fixed).toArray();
      McDenseStack stack = McDenseStack.plan(m, fixed, x.shape());
      out.append(" compacted=").append(stack != null
          && stack.compacts(prefix, 0, 384, List.of(new MonteCarloTail.Group(null, 0, 5))));
      long h = 0;
      for (float v : MonteCarloDropout.predict(m, x, 5, 9).draws().toArray()) {
        h = h * 31 + Float.floatToRawIntBits(v);
      }
      out.append(" mc=").append(Long.toHexString(h)).append(' ');
      System.out.println(out);
    }
  }
}
