package org.dropout4j.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.dropout4j.losses.Loss;
import org.dropout4j.losses.Losses;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The losses against Keras ({@code golden/losses.json}): per-sample values, the {@code sum_over_batch_size}
 * reduction and the gradient of the reduced loss w.r.t. {@code y_pred}, for binary / categorical / sparse
 * categorical cross-entropy on probabilities and on logits, and mse. The cases include clipping at
 * {@code [1e-7, 1 - 1e-7]} (float32 bounds) with Keras' gradient rule: zero strictly outside, full gradient at a
 * bound.
 *
 * <p>Tolerance: {@code rtol 1e-6} (one float32 formula per value) plus an absolute term for the log-sum-exp of the
 * softmax cross-entropies: TensorFlow rounds the sum of exponentials (close to 1) to float32 before the log and
 * the softmax before subtracting the one-hot target, so its values carry an absolute error up to
 * {@code ulp(1f) = 1.19e-7} per sample (and {@code ulp(1f) / batch} in the gradient of the batch mean), while
 * dropout4j accumulates in double. Measured: Keras gives 0.0509457104 for {@code -log softmax([-3, 0, 3])[2]},
 * dropout4j 0.0509457625, the exact value is 0.0509457635.
 *
 * <p>Not compared: {@code keras_logits_check}, the TensorFlow backend's hidden {@code _keras_logits} shortcut
 * (a sigmoid/softmax output remembers its logits and cross-entropy silently uses the from-logits formula).
 * dropout4j deliberately uses the backend-agnostic clipped formula, as Keras' JAX backend does;
 * {@link #bce_on_a_saturated_sigmoid_output_is_the_clipped_probability_formula()} documents the difference.
 */
class KerasLossGoldenTest {
  private static final double RTOL = 1e-6;
  private static final double ATOL = Math.ulp(1f);
  private static final JsonNode GOLDEN = Golden.json("losses.json");
  private static final Golden.MaxDiff MAX = new Golden.MaxDiff("losses.json");

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : GOLDEN.get("cases")) {
      out.add(Arguments.of(c.get("name").asText(), c));
    }
    return out.stream();
  }

  /** The dropout4j loss for a golden case name such as {@code sparse_categorical_crossentropy_probs}. */
  static Loss loss(JsonNode c) {
    String name = c.get("name").asText();
    boolean fromLogits = c.has("from_logits") && c.get("from_logits").asBoolean();
    if (name.startsWith("binary_crossentropy")) {
      return Losses.binaryCrossentropy(fromLogits);
    } else if (name.startsWith("categorical_crossentropy")) {
      return Losses.categoricalCrossentropy(fromLogits);
    } else if (name.startsWith("sparse_categorical_crossentropy")) {
      return Losses.sparseCategoricalCrossentropy(fromLogits);
    } else if (name.equals("mean_squared_error")) {
      return Losses.meanSquaredError();
    }
    throw new IllegalStateException("golden loss case without a dropout4j loss: " + name);
  }

  /** Row {@code i} of a tensor as a batch of one. */
  private static Tensor row(Tensor t, int i) {
    int[] dims = t.shape().toArray();
    int width = t.size() / dims[0];
    dims[0] = 1;
    float[] all = t.toArray();
    return Tensor.of(Shape.of(dims), Arrays.copyOfRange(all, i * width, (i + 1) * width));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void per_sample_values_match_keras(String name, JsonNode c) {
    Loss loss = loss(c);
    Tensor yTrue = Golden.tensor(c.get("y_true"));
    Tensor yPred = Golden.tensor(c.get("y_pred"));
    float[] expected = Golden.floats(c.get("per_sample"));
    float[] actual = new float[expected.length];
    for (int i = 0; i < actual.length; i++) {
      actual[i] = loss.call(row(yTrue, i), row(yPred, i)).item(); // a batch of one: the mean is the sample's value
    }
    MAX.record("per-sample", Golden.assertClose(expected, actual, RTOL, ATOL, name + " per-sample loss"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void sum_over_batch_size_matches_keras(String name, JsonNode c) {
    assertEquals("sum_over_batch_size", c.get("reduction").asText());
    Tensor value = loss(c).call(Golden.tensor(c.get("y_true")), Golden.tensor(c.get("y_pred")));
    assertEquals(Shape.of(), value.shape());
    MAX.record("reduced", Golden.assertClose(Golden.scalar(c.get("reduced")), value.item(), RTOL, ATOL,
        name + " reduced loss"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void gradient_wrt_predictions_matches_keras(String name, JsonNode c) {
    JsonNode pred = c.get("y_pred");
    Tensor yPred = Tensor.variable(Golden.shape(pred), Golden.floats(pred));
    loss(c).call(Golden.tensor(c.get("y_true")), yPred).backward();
    Tensor grad = yPred.grad();
    assertNotNull(grad, name + ": no gradient reached y_pred");
    double atol = ATOL / yPred.shape().dim(0);
    MAX.record("gradient", Golden.assertClose(Golden.floats(c.get("grad_reduced_wrt_y_pred")), grad.toArray(),
        RTOL, atol, name + " gradient w.r.t. y_pred"));
  }

  @Test
  void clipping_bounds_are_keras_float32_epsilon() {
    assertEquals(Golden.scalar(GOLDEN.get("epsilon")), Losses.EPSILON);
    assertEquals(0.9999998807907104, 1f - Losses.EPSILON, 0.0, "float32(1 - 1e-7)");
  }

  @Test
  void bce_on_a_saturated_sigmoid_output_is_the_clipped_probability_formula() {
    // Keras' TF backend would use the logits formula here (mean 20.1386, via output._keras_logits); dropout4j
    // sees only the probabilities, like Keras on a plain tensor or on the JAX backend (mean 12.1393).
    JsonNode check = GOLDEN.get("keras_logits_check");
    Tensor yTrue = Golden.tensor(check.get("y_true"));
    Tensor probs = Ops.sigmoid(Golden.tensor(check.get("logits")));
    MAX.record("saturated sigmoid", Golden.assertClose(Golden.floats(check.get("model_probs")), probs.toArray(),
        RTOL, ATOL, "sigmoid of the logits"));

    Loss bce = Losses.binaryCrossentropy(false);
    float[] perSample = new float[probs.size()];
    for (int i = 0; i < perSample.length; i++) {
      perSample[i] = bce.call(row(yTrue, i), row(probs, i)).item();
    }
    MAX.record("saturated sigmoid", Golden.assertClose(
        Golden.floats(check.get("per_sample_bce_on_plain_copy_of_probs")), perSample, RTOL, ATOL,
        "BCE per sample on sigmoid probabilities"));
    float mean = bce.call(yTrue, probs).item();
    MAX.record("saturated sigmoid", Golden.assertClose(Golden.scalar(check.get("mean_plain_clipped")), mean,
        RTOL, ATOL, "BCE on sigmoid probabilities"));
    float kerasTfModel = Golden.scalar(check.get("model_evaluate_bce"));
    assertTrue(kerasTfModel - mean > 1f, "the TF backend's _keras_logits value " + kerasTfModel
        + " is not what dropout4j computes (" + mean + ")");
  }

  @AfterAll
  static void report() {
    MAX.print();
  }
}
