package org.dropout4j.cli.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/** Checks on a generated {@code report.html} shared by the report tests. */
final class ReportAssertions {
  private ReportAssertions() {
  }

  /** The trial table has one row per trial, and every trial's seed appears in a cell. */
  static void assertListsEveryTrialWithItsSeed(String html, List<TrialResult> results) {
    assertEquals(results.size(), html.split("<tr class=\"trial\">", -1).length - 1, "trial rows");
    for (TrialResult r : results) {
      assertTrue(html.contains("<td>" + r.trial().seed() + "</td>"), "seed " + r.trial().seed());
    }
  }
}
