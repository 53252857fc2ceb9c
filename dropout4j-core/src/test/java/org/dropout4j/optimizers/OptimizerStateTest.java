package org.dropout4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

class OptimizerStateTest {
  private static Parameter param(float... v) {
    return new Parameter("w", Tensor.of(Shape.of(v.length), v), true);
  }

  /** One step with gradient g = w (the gradient of sum(w^2)/2). */
  private static void step(Optimizer o, Parameter p) {
    p.zeroGrad();
    Tensor w = p.value();
    org.dropout4j.tensor.Ops.mulScalar(org.dropout4j.tensor.Ops.sum(org.dropout4j.tensor.Ops.square(w)), 0.5f)
        .backward();
    o.apply(List.of(p));
  }

  @Test
  void imported_state_continues_exactly_like_the_original() {
    Optimizer a = new Adam(0.1f);
    Parameter pa = param(1f, -2f, 3f);
    step(a, pa);
    step(a, pa);
    Optimizer b = new Adam(0.1f);
    Parameter pb = param(pa.data().clone());
    b.importState(a.iterations(), a.exportSlots());
    step(a, pa);
    step(b, pb);
    assertArrayEquals(pa.data(), pb.data());
    assertEquals(3, b.iterations());
  }

  @Test
  void exported_slots_are_copies() {
    Optimizer a = new SGD(0.1f, 0.9f, false);
    Parameter p = param(1f, 2f);
    step(a, p);
    List<float[][]> s = a.exportSlots();
    s.get(0)[0][0] = 99f;
    assertTrue(a.exportSlots().get(0)[0][0] != 99f);
  }

  @Test
  void fresh_optimizer_exports_no_slots() {
    assertEquals(List.of(), new RMSprop().exportSlots());
  }

  @Test
  void wrong_number_of_arrays_names_the_optimizer_and_the_weight() {
    List<float[][]> slots = new ArrayList<>();
    slots.add(null);
    slots.add(new float[][] {new float[2]});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Adam().importState(1, slots));
    assertTrue(e.getMessage().contains("Adam keeps 2") && e.getMessage().contains("weight #1"), e.getMessage());
  }

  @Test
  void negative_iterations_throws() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SGD().importState(-1, List.of()));
    assertTrue(e.getMessage().contains("iterations=-1"), e.getMessage());
  }

  @Test
  void null_entries_survive_a_round_trip() {
    List<float[][]> slots = new ArrayList<>();
    slots.add(null);
    Optimizer o = new SGD();
    o.importState(4, slots);
    assertNull(o.exportSlots().get(0));
    assertEquals(4, o.iterations());
  }
}
