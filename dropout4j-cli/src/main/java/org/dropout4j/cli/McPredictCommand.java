package org.dropout4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dropout4j.cli.report.AtomicFiles;
import org.dropout4j.models.McPrediction;
import org.dropout4j.models.MonteCarloDropout;
import org.dropout4j.models.Model;
import org.dropout4j.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dropout4j mc-predict MODEL --x FILE... [--passes T] [--seed S] [--output FILE...]}: Monte Carlo dropout
 * ({@link MonteCarloDropout#predict}) with a saved model, Sequential or functional (one {@code --x} per model
 * input and, if given, one {@code --output} CSV per model output, in the model's order; every dropout-family layer
 * in any branch draws its mask once per pass): {@code T} stochastic passes with the dropout family active,
 * summarized per sample as the mean and standard deviation of each output and, for class probabilities (one sigmoid
 * unit or softmax rows), the predictive entropy and the mutual information (BALD), in nats.
 *
 * <p>Prints the first {@value #PRINTED_ROWS} rows as a table; {@code --output FILE.csv} writes every row with the
 * columns {@code mean_0.., std_0.., entropy, bald} ({@code entropy} and {@code bald} only for class
 * probabilities). Outputs of rank above 2 are flattened per sample in C order. One seed gives the same numbers.
 */
@Command(name = "mc-predict", mixinStandardHelpOptions = true,
    description = "Monte Carlo dropout predictions (mean, std, predictive entropy, BALD) of a saved model on samples "
        + "from a .npy or .csv file.")
final class McPredictCommand extends CliCommand {
  /** How many rows the table on the console shows. */
  static final int PRINTED_ROWS = 10;

  @Mixin
  ModelInputs in = new ModelInputs();

  @Mixin
  McPasses passes = new McPasses();

  @Option(names = "--seed", defaultValue = "0", description = "seed of the dropout masks (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--output", description = "CSV file for every row: mean_*, std_*, entropy, bald; one per model "
      + "output, in order")
  List<Path> outputs = new ArrayList<>();

  @Override
  void checkOptions() {
    in.checkGiven();
  }

  @Override
  Map<String, Object> execute() throws Exception {
    int samples = passes.passes();
    if (samples < 1) {
      throw new IllegalArgumentException("Invalid value for --passes: expected an integer >= 1, received "
          + samples);
    }
    for (Path output : outputs) {
      if (!output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
        throw new IllegalArgumentException("unknown output file type: " + output + "; mc-predict writes .csv");
      }
    }
    PhaseClock phases = PhaseClock.fromProperty("dropout4j.phases");
    phases.mark("start to mc-predict");
    ModelInputs.Loaded loaded = in.loadAndRead(outputs);
    phases.mark("model and inputs");
    Model m = loaded.model();
    List<Tensor> x = loaded.inputs();
    int n = x.get(0).shape().dim(0);
    List<McPrediction> all;
    try (ProgressLine bar = new ProgressLine("passes", samples, output.showProgress())) {
      all = MonteCarloDropout.predict(m, x, samples, seed, rows -> bar.update(n == 0 ? samples : rows / n,
          rows + " of " + (long) samples * n + " rows"));
    }
    phases.mark("passes");
    List<Map<String, Object>> results = new ArrayList<>();
    List<String> names = m.outputNames();
    for (int o = 0; o < all.size(); o++) {
      McPrediction p = all.get(o);
      int k = n == 0 ? 0 : p.mean().size() / n;
      List<String> header = new ArrayList<>();
      List<float[]> columns = new ArrayList<>();
      float[] mean = p.mean().toArray();
      float[] std = p.std().toArray();
      for (String what : List.of("mean", "std")) {
        float[] v = what.equals("mean") ? mean : std;
        for (int j = 0; j < k; j++) {
          header.add(what + "_" + j);
          float[] c = new float[n];
          for (int i = 0; i < n; i++) {
            c[i] = v[i * k + j];
          }
          columns.add(c);
        }
      }
      if (p.classification()) {
        header.add("entropy");
        columns.add(p.predictiveEntropy().toArray());
        header.add("bald");
        columns.add(p.mutualInformation().toArray());
      }
      System.out.printf(Locale.ROOT, "Monte Carlo dropout: %d passes over %d samples (seed %d)%s%s%n", samples, n,
          seed, all.size() > 1 ? ", output \"" + names.get(o) + "\"" : "",
          p.classification() ? "" : "; outputs are not class probabilities, so no entropy or BALD");
      printTable(header, columns, Math.min(n, PRINTED_ROWS));
      Path output = outputs.isEmpty() ? null : outputs.get(o);
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("name", names.get(o));
      r.put("passes", samples);
      r.put("seed", seed);
      r.put("rows", n);
      r.put("classification", p.classification());
      if (output != null) {
        r.put("file", output.toString());
      } else {
        Map<String, Object> cols = new LinkedHashMap<>();
        for (int c = 0; c < header.size(); c++) {
          List<Double> values = new ArrayList<>(n);
          for (float f : columns.get(c)) {
            values.add((double) f);
          }
          cols.put(header.get(c), values);
        }
        r.put("columns", cols);
      }
      results.add(r);
      if (n > PRINTED_ROWS) {
        System.out.println("... " + (n - PRINTED_ROWS) + " more rows" + (output == null ? " (use --output FILE.csv)"
            : ""));
      }
      if (output != null) {
        AtomicFiles.writeString(output, ArrayFiles.table(header, columns, n));
        System.out.println("wrote " + n + " rows to " + output);
      }
    }
    phases.mark("summaries and outputs");
    phases.report(System.err);
    return Map.of("outputs", results);
  }

  private static void printTable(List<String> header, List<float[]> columns, int rows) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%5s", "row"));
    for (String h : header) {
      sb.append(String.format(Locale.ROOT, " %10s", h));
    }
    System.out.println(sb);
    for (int i = 0; i < rows; i++) {
      sb.setLength(0);
      sb.append(String.format(Locale.ROOT, "%5d", i));
      for (float[] c : columns) {
        sb.append(String.format(Locale.ROOT, " %10.4f", c[i]));
      }
      System.out.println(sb);
    }
  }
}
