package org.dropout4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The process start time behind the first phase of {@code -Ddropout4j.phases=true}. */
class PhaseClockTest {
  /** A stat line whose command name holds spaces and a ')' ; start time (field 22) 12345 ticks. */
  private static final String STAT = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 1 0 0 0 3 1 0 0 20 0 19 0 "
      + "12345 1000 10 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

  @Test
  void age_is_uptime_minus_the_start_ticks_counted_after_the_last_parenthesis() {
    assertEquals(200_000 - 123_450, PhaseClock.ageMillis(STAT, "200.00 350.12\n"));
  }

  @Test
  void age_of_a_text_that_is_not_a_stat_line_throws_naming_it() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PhaseClock.ageMillis("4242 (java) S 1", "200.00 350.12"));
    assertTrue(e.getMessage().contains("not a /proc/PID/stat line: 4242 (java) S 1"), e.getMessage());
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void process_start_read_from_proc_lies_before_the_jvm_start_and_not_far_from_it() throws Exception {
    // A sanity bound only: the exact arithmetic is checked on fixed texts above. Surefire starts this JVM as a
    // process of its own, so the process began shortly before the JVM recorded its start; but the start is read as
    // the wall clock minus the time since boot, and the two clocks may drift apart over a long test run (the landing
    // of 3d910d3 failed a 0.5 s bound at load 15), so the bounds allow 2 s either way. A field read wrongly (the
    // command name's parentheses, the wrong field) is off by minutes or by the whole uptime and fails.
    long now = System.currentTimeMillis();
    long start = PhaseClock.processStartMillis(now);
    long jvm = ManagementFactory.getRuntimeMXBean().getStartTime();
    assertTrue(start <= jvm + 2000, "process start " + start + " more than 2 s after the JVM's " + jvm);
    assertTrue(start >= jvm - 2000, "process start " + start + " more than 2 s before the JVM's " + jvm);
  }
}
