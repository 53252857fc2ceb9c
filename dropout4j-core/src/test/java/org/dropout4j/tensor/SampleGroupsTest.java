package org.dropout4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SampleGroupsTest {

  @Test
  void groupsCoverTheBatchInOrder_andSlotsCoverTheGroups() {
    for (int n : new int[] {0, 1, 5, 8, 9, 127, 128, 1000}) {
      for (long perSample : new long[] {1, 100, 165_888, 1 << 20}) {
        SampleGroups gr = SampleGroups.of(n, perSample, 1 << 18);
        int next = 0;
        for (int g = 0; g < gr.count(); g++) {
          assertEquals(next, gr.start(g), "n=" + n + " group " + g);
          assertTrue(gr.end(g) > gr.start(g), "n=" + n + " group " + g + " is empty");
          next = gr.end(g);
        }
        assertEquals(n, next, "n=" + n + " perSample=" + perSample);
        assertEquals(0, gr.firstOfSlot(0));
        assertEquals(gr.count(), gr.firstOfSlot(gr.slots()));
        for (int s = 0; s < gr.slots(); s++) {
          assertTrue(gr.firstOfSlot(s + 1) >= gr.firstOfSlot(s));
        }
        assertTrue(gr.slots() <= SampleGroups.MAX_SLOTS);
      }
    }
  }

  @Test
  void groupSize_isBoundedByTheBudget_andByAnEighthOfTheBatch() {
    assertEquals(1, SampleGroups.of(128, 165_888, 1 << 18).end(0));       // one 576 x 288 unfolding per group
    assertEquals(16, SampleGroups.of(128, 6_084, 1 << 18).end(0));        // 43 would fit; 128 / 8 = 16
    assertEquals(4, SampleGroups.of(128, 60_000, 1 << 18).end(0));        // 262144 / 60000 = 4
    assertEquals(1, SampleGroups.of(3, 10, 1 << 18).end(0));
    assertEquals(3, SampleGroups.of(3, 10, 1 << 18).count());
    assertEquals(1, SampleGroups.of(10, 1 << 20, 1 << 18).end(0));        // a sample above the budget: alone
  }
}
