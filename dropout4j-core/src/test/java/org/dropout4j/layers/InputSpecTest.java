package org.dropout4j.layers;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.dropout4j.tensor.Shape;
import org.junit.jupiter.api.Test;

/**
 * {@link InputSpec}: a layer declares the rank of its input in its constructor, as Keras' {@code self.input_spec},
 * and {@link Layer#validateInput}'s default checks it with Keras' message ({@code expected ndim=3, found ndim=2.
 * Full shape received: ...}).
 */
class InputSpecTest {
  @Test
  void exactRank_otherRank_throwsKerasMessageNamingLayerAndShape() {
    RepeatVector layer = new RepeatVector(3, "rv");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> layer.validateInput(Shape.batchOf(2, 4)));
    assertEquals("Input 0 of layer \"rv\" (RepeatVector) is incompatible with the layer: expected ndim=2, "
        + "found ndim=3. Full shape received: " + Shape.batchOf(2, 4), e.getMessage());
  }

  @Test
  void minRank_lowerRank_throwsKerasMessageWithTheAxes() {
    Masking layer = new Masking(0f, "m");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> layer.validateInput(Shape.batchOf()));
    assertEquals("Input 0 of layer \"m\" (Masking) is incompatible with the layer: expected ndim>=2 "
        + "(batch, ..., features), found ndim=1. Full shape received: " + Shape.batchOf(), e.getMessage());
  }

  @Test
  void minRank_higherRank_passes() {
    assertDoesNotThrow(() -> new Masking(0f, "m").validateInput(Shape.batchOf(2, 3, 4)));
  }

  @Test
  void noSpec_anyRank_passes() {
    assertDoesNotThrow(() -> InputSpec.ANY.check(new RepeatVector(2), Shape.of(1, 2, 3, 4, 5, 6)));
  }
}
