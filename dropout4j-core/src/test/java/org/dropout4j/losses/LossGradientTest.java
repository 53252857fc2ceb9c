package org.dropout4j.losses;

import static org.dropout4j.tensor.GradientCheck.check;
import static org.dropout4j.tensor.GradientCheck.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dropout4j.tensor.GradientCheck;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Every loss: gradient against finite differences ({@link GradientCheck}) and values against the formulas. */
class LossGradientTest {
  private static final Tensor BINARY_TARGETS = Tensor.of(Shape.of(4, 1), 1f, 0f, 0f, 1f);
  private static final Tensor ONE_HOT = Tensor.of(Shape.of(3, 4), 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1);
  private static final Tensor CLASS_IDS = Tensor.vector(new int[] {1, 0, 3});

  @Test
  void binaryCrossentropy_probabilitiesAwayFromTheClipEdges_gradientMatchesFiniteDifferences() {
    Loss loss = Losses.binaryCrossentropy(false);
    check("bce", in -> loss.call(BINARY_TARGETS, in[0]), uniform(40, 0.1f, 0.9f, 4, 1));
  }

  @Test
  void binaryCrossentropy_fromLogits_gradientMatchesFiniteDifferences() {
    Loss loss = Losses.binaryCrossentropy(true);
    check("bce from logits", in -> loss.call(BINARY_TARGETS, in[0]), uniform(41, -3f, 3f, 4, 1));
  }

  @Test
  void binaryCrossentropy_fromLogits_equalsTheProbabilityFormOfTheSigmoid() {
    Tensor logits = uniform(41, -3f, 3f, 4, 1);
    float a = Losses.binaryCrossentropy(true).call(BINARY_TARGETS, logits).item();
    float b = Losses.binaryCrossentropy(false).call(BINARY_TARGETS, Ops.sigmoid(logits)).item();
    assertEquals(b, a, 1e-5);
  }

  @Test
  void binaryCrossentropy_exactZeroAndOnePredictions_giveAFiniteLossAndZeroGradient() {
    Tensor p = Tensor.variable(Shape.of(2, 1), 0f, 1f);
    Tensor y = Tensor.of(Shape.of(2, 1), 1f, 0f);
    Tensor l = Losses.binaryCrossentropy(false).call(y, p);
    // clipped to [1e-7, 1 - 1e-7] in float32, where 1 - (1f - 1e-7f) = 1.19e-7: -log(1e-7) and -log(1.19e-7)
    double expected = (-Math.log(1e-7f) - Math.log(1.0 - (1f - 1e-7f))) / 2;
    assertEquals(expected, l.item(), 1e-4);
    assertTrue(Float.isFinite(l.item()));
    l.backward();
    assertArrayEquals(new float[] {0f, 0f}, p.grad().toArray());
  }

  @Test
  void categoricalCrossentropy_probabilities_gradientMatchesFiniteDifferences() {
    Loss loss = Losses.categoricalCrossentropy(false);
    check("cce", in -> loss.call(ONE_HOT, in[0]), uniform(42, 0.1f, 1f, 3, 4));
  }

  @Test
  void categoricalCrossentropy_fromLogits_gradientMatchesFiniteDifferences() {
    Loss loss = Losses.categoricalCrossentropy(true);
    check("cce from logits", in -> loss.call(ONE_HOT, in[0]), uniform(43, -2f, 2f, 3, 4));
  }

  @Test
  void categoricalCrossentropy_value_isMeanNegativeLogOfTheTrueClassProbability() {
    Tensor p = Tensor.of(Shape.of(2, 2), 0.25f, 0.75f, 0.5f, 0.5f);
    Tensor y = Tensor.of(Shape.of(2, 2), 0f, 1f, 1f, 0f);
    double expected = -(Math.log(0.75) + Math.log(0.5)) / 2;
    assertEquals(expected, Losses.get("categorical_crossentropy").call(y, p).item(), 1e-6);
  }

  @Test
  void sparseCategoricalCrossentropy_probabilities_gradientMatchesFiniteDifferences() {
    Loss loss = Losses.sparseCategoricalCrossentropy(false);
    check("sparse cce", in -> loss.call(CLASS_IDS, in[0]), uniform(44, 0.1f, 1f, 3, 4));
  }

  @Test
  void sparseCategoricalCrossentropy_fromLogits_gradientMatchesFiniteDifferences() {
    Loss loss = Losses.sparseCategoricalCrossentropy(true);
    check("sparse cce from logits", in -> loss.call(CLASS_IDS, in[0]), uniform(45, -2f, 2f, 3, 4));
  }

  @Test
  void sparseCategoricalCrossentropy_equalsCategoricalWithOneHotTargets() {
    Tensor logits = uniform(45, -2f, 2f, 3, 4);
    assertEquals(Losses.categoricalCrossentropy(true).call(ONE_HOT, logits).item(),
        Losses.sparseCategoricalCrossentropy(true).call(CLASS_IDS, logits).item(), 1e-6);
  }

  @Test
  void sparseCategoricalCrossentropy_classIdOutOfRange_throwsNamingTheSample() {
    Tensor ids = Tensor.vector(new int[] {1, 4, 0});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Losses.sparseCategoricalCrossentropy(true).call(ids, uniform(45, -2f, 2f, 3, 4)));
    assertTrue(e.getMessage().contains("sample 1") && e.getMessage().contains("[0, 4)"), e.getMessage());
  }

  @Test
  void meanSquaredError_gradientMatchesFiniteDifferencesInPredictionsAndTargets() {
    Loss loss = Losses.get("mse");
    check("mse", in -> loss.call(in[0], in[1]), uniform(46, -1f, 1f, 3, 2), uniform(47, -1f, 1f, 3, 2));
  }

  @Test
  void meanSquaredError_value_isTheMeanOfSquaredDifferences() {
    Tensor y = Tensor.of(Shape.of(2, 2), 1f, 2f, 3f, 4f);
    Tensor p = Tensor.of(Shape.of(2, 2), 1.5f, 2f, 1f, 4f);
    assertEquals((0.25 + 0 + 4 + 0) / 4, Losses.get("mean_squared_error").call(y, p).item(), 1e-7);
  }

  @Test
  void loss_incompatibleShapes_throwsShowingBoth() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Losses.get("mse").call(Tensor.zeros(Shape.of(3, 2)), Tensor.zeros(Shape.of(3, 4))));
    assertTrue(e.getMessage().contains("(3, 2)") && e.getMessage().contains("(3, 4)"), e.getMessage());
  }

  @Test
  void unknownLossName_throwsListingTheKnownNames() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Losses.get("hinge_loss_v2"));
    assertTrue(e.getMessage().contains("hinge_loss_v2") && e.getMessage().contains("binary_crossentropy")
        && e.getMessage().contains("mse"), e.getMessage());
  }
}
