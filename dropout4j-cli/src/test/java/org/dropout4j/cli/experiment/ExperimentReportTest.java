package org.dropout4j.cli.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of a tiny experiment: every chart as PNG (and SVG for the XChart ones), embedded in one HTML page that lists every trial. */
class ExperimentReportTest {
  @TempDir
  static Path dir;
  static ExperimentRunner.Outcome outcome;
  static List<Path> written;
  static String html;

  @BeforeAll
  static void runTinyExperiment() throws Exception {
    ExperimentRunner runner = new ExperimentRunner(Specs.tiny(2), dir);
    outcome = runner.run(2, Integer.MAX_VALUE, new ExperimentRunner.Listener() { });
    written = ExperimentReport.write(runner, outcome, dir, Map.of("java", "17", "dropout4j", "test"));
    html = Files.readString(dir.resolve(ExperimentReport.HTML));
  }

  @Test
  void every_chart_is_written_as_png_and_svg() throws Exception {
    List<String> names;
    try (Stream<Path> s = Files.list(dir)) {
      names = s.map(p -> p.getFileName().toString()).toList();
    }
    for (String chart : List.of("test_accuracy_vs_rate", "gap_vs_rate", "learning_curves_00",
        "learning_curves_01")) {
      assertTrue(names.contains(chart + ".png") && names.contains(chart + ".svg"), chart + " missing in " + names);
    }
    for (String map : List.of("decision_boundary_baseline", "decision_boundary_best")) { // FieldMaps: PNG only
      assertTrue(names.contains(map + ".png"), map + " missing in " + names);
    }
  }

  @Test
  void decision_maps_are_drawn_by_retraining_when_no_model_was_saved(@TempDir Path other) throws Exception {
    ExperimentRunner runner = new ExperimentRunner(Specs.tiny(1), other);
    ExperimentRunner.Outcome o = runner.run(1, Integer.MAX_VALUE, new ExperimentRunner.Listener() { });
    try (Stream<Path> s = Files.list(other.resolve(ExperimentRunner.MODELS_DIR))) {
      for (Path p : s.toList()) {
        Files.delete(p);
      }
    }
    List<String> names = ExperimentReport.write(runner, o, other, Map.of()).stream()
        .map(p -> p.getFileName().toString()).toList();
    assertTrue(names.contains("decision_boundary_baseline.png") && names.contains("decision_boundary_best.png"),
        names.toString());
  }

  @Test
  void html_embeds_every_png_as_base64() throws Exception {
    List<Path> pngs = written.stream().filter(p -> p.toString().endsWith(".png")).toList();
    Matcher m = Pattern.compile("data-chart=\"([^\"]+)\" src=\"data:image/png;base64,([^\"]+)\"").matcher(html);
    int embedded = 0;
    while (m.find()) {
      byte[] bytes = Base64.getDecoder().decode(m.group(2));
      assertTrue(java.util.Arrays.equals(Files.readAllBytes(dir.resolve(m.group(1) + ".png")), bytes),
          "embedded " + m.group(1) + " equals its PNG file");
      embedded++;
    }
    assertEquals(pngs.size(), embedded);
    assertTrue(embedded >= 6, "charts embedded: " + embedded);
  }

  @Test
  void html_lists_every_trial_with_its_seed() {
    ReportAssertions.assertListsEveryTrialWithItsSeed(html, outcome.results());
  }

  @Test
  void html_has_the_conclusion_spec_and_versions() {
    assertTrue(html.contains(new ExperimentAnalysis(Specs.tiny(2), outcome.results()).conclusion().substring(0, 40)), "conclusion");
    assertTrue(html.contains("&quot;dropout_rate&quot;"), "spec");
    assertTrue(html.contains("dropout4j") && html.contains("java"), "versions");
  }

  @Test
  void results_csv_has_a_row_per_trial() throws Exception {
    List<String> lines = Files.readAllLines(dir.resolve("results.csv"));
    assertEquals(outcome.results().size() + 1, lines.size());
    assertTrue(lines.get(0).startsWith("trial,setting,label,repeat,seed,status"), lines.get(0));
  }

  @Test
  void results_json_holds_settings_and_trials() throws Exception {
    String json = Files.readString(dir.resolve("results.json"));
    assertTrue(json.contains("\"vs_baseline\"") && json.contains("\"p_value\"") && json.contains("\"trials\""));
  }
}
