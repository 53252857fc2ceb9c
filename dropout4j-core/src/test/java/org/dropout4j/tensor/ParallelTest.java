package org.dropout4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {

  @Test
  void run_callsEveryTaskExactlyOnce() {
    AtomicIntegerArray calls = new AtomicIntegerArray(1000);
    Parallel.run(1000, calls::incrementAndGet);
    for (int i = 0; i < 1000; i++) {
      assertEquals(1, calls.get(i), "task " + i);
    }
    assertFalse(Parallel.inTask(), "the caller is no longer in a task afterwards");
  }

  @Test
  void run_insideATask_runsInOrderOnTheTasksThread() {
    int[][] order = new int[4][];
    Thread[][] threads = new Thread[4][5];
    Parallel.run(4, t -> {
      assertTrue(Parallel.inTask());
      int[] seen = new int[5];
      int[] at = {0};
      Parallel.run(5, i -> {
        threads[t][i] = Thread.currentThread();
        seen[at[0]++] = i;
      });
      order[t] = seen;
    });
    for (int t = 0; t < 4; t++) {
      assertEquals("[0, 1, 2, 3, 4]", java.util.Arrays.toString(order[t]), "nested order of task " + t);
      for (int i = 1; i < 5; i++) {
        assertSame(threads[t][0], threads[t][i], "nested task " + i + " of task " + t + " changed threads");
      }
    }
  }

  @Test
  void run_rethrowsATasksException_afterAllTasksRan() {
    AtomicIntegerArray calls = new AtomicIntegerArray(50);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.run(50, i -> {
      calls.incrementAndGet(i);
      if (i == 7) {
        throw new IllegalStateException("task 7 failed");
      }
    }));
    assertEquals("task 7 failed", e.getMessage());
    for (int i = 0; i < 50; i++) {
      assertEquals(1, calls.get(i), "task " + i);
    }
  }
}
