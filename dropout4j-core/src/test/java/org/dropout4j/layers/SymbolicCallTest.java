package org.dropout4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dropout4j.tensor.Shape;
import org.junit.jupiter.api.Test;

/** Layers called on symbolic tensors: shapes checked at the call, nodes recorded, shared layers kept consistent. */
class SymbolicCallTest {
  @Test
  void apply_recordsANodeWithTheOutputShape() {
    KerasTensor in = Input.shape(8).output();
    Dense dense = new Dense(16, "relu");
    KerasTensor out = dense.apply(in);
    assertEquals(Shape.of(-1, 16), out.shape());
    assertEquals("float32", out.dtype());
    assertSame(dense, out.operation());
    assertEquals(List.of(in), out.node().inputs());
    assertNull(out.node().training());
    assertTrue(dense.apply(in, true).node().training());
    assertTrue(!dense.built(), "weights are created when the model is built");
  }

  @Test
  void input_output_isOneTensorCarryingTheDtype() {
    Input ids = Input.shape(20).dtype("int32");
    assertSame(ids.output(), ids.output());
    assertEquals("int32", ids.output().dtype());
    assertEquals("int32", ids.getConfig().get("dtype"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Input.shape(2).dtype("int8"));
    assertTrue(e.getMessage().contains("dtype=int8"), e.getMessage());
  }

  @Test
  void apply_onAnIncompatibleShape_failsAtTheCallNamingLayerAndShape() {
    KerasTensor in = Input.shape(4, 3).output();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Flatten("channels_last", "flat").apply(in, in));
    assertTrue(e.getMessage().contains("\"flat\"") && e.getMessage().contains("2 inputs"), e.getMessage());
  }

  @Test
  void sharedLayer_calledOnAnotherShape_failsNamingBothShapes() {
    Dense shared = Dense.builder(3).name("shared").build();
    shared.apply(Input.shape(4).output());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> shared.apply(Input.shape(5).output()));
    assertTrue(e.getMessage().contains("\"shared\"") && e.getMessage().contains("(None, 4)")
        && e.getMessage().contains("(None, 5)"), e.getMessage());
  }
}
