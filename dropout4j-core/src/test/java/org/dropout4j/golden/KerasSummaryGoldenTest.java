package org.dropout4j.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.layers.Input;
import org.dropout4j.losses.Losses;
import org.dropout4j.models.FitOptions;
import org.dropout4j.models.History;
import org.dropout4j.models.Sequential;
import org.dropout4j.optimizers.Adam;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@code model.summary()} of the two case-study models against Keras' rendered output (ANSI codes stripped, 88
 * columns) and the order of the {@code History} keys ({@code golden/summary_circles.txt}). The comparison is
 * exact, line by line, for the summary before {@code fit}.
 *
 * <p>Keras numbers layers with process-wide counters, so its second model is {@code sequential_1} with
 * {@code dense_2}/{@code dense_3}; dropout4j numbers per model. The second model is therefore compared once
 * built with Keras' names given explicitly and once auto-named with the names normalised.
 */
class KerasSummaryGoldenTest {
  private static final String FILE = "summary_circles.txt";

  /** The lines of the section whose header contains {@code marker}, from {@code Model:} to the last totals line. */
  private static List<String> kerasSummary(String marker) {
    String[] lines = Golden.text(FILE).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].startsWith("===== ") && lines[i].contains(marker)) {
        List<String> out = new ArrayList<>();
        int j = i + 1;
        while (!lines[j].startsWith("Model: ")) {
          j++;
        }
        for (; j < lines.length && !lines[j].isEmpty() && !lines[j].startsWith("====="); j++) {
          out.add(lines[j]);
        }
        return out;
      }
    }
    throw new IllegalStateException("no section containing '" + marker + "' in golden/" + FILE);
  }

  private static List<String> lines(String text) {
    return List.of(text.split("\\R"));
  }

  /** Exact line-by-line equality (no regex matching), reported as whole texts for a readable diff. */
  private static void assertSameLines(List<String> keras, List<String> ours) {
    assertTrue(keras.size() >= 10, "parsed a whole Keras summary: " + keras);
    assertEquals(String.join("\n", keras), String.join("\n", ours));
  }

  @Test
  void summary_of_the_plain_model_equals_keras() {
    Sequential model = new Sequential(Input.shape(2), new Dense(500, "relu"), new Dense(1, "sigmoid"));
    List<String> keras = kerasSummary("Sequential([Input((2,)), Dense(500, relu), Dense(1, sigmoid)])");

    List<String> ours = lines(model.summary());

    assertSameLines(keras, ours);
    assertEquals(88, ours.get(1).length(), "table width at Keras' 88-column maximum");
  }

  @Test
  void summary_of_the_dropout_model_with_keras_names_equals_keras() {
    Sequential model = new Sequential("sequential_1");
    model.add(Input.shape(2));
    model.add(Dense.builder(500).activation("relu").name("dense_2").build());
    model.add(new Dropout(0.4f));
    model.add(Dense.builder(1).activation("sigmoid").name("dense_3").build());
    List<String> keras = kerasSummary("Dropout(0.4)");

    assertSameLines(keras, lines(model.summary()));
  }

  @Test
  void summary_of_the_auto_named_dropout_model_equals_keras_up_to_the_global_counters() {
    Sequential model = new Sequential(Input.shape(2), new Dense(500, "relu"), new Dropout(0.4f),
        new Dense(1, "sigmoid"));
    List<String> keras = new ArrayList<>();
    for (String line : kerasSummary("Dropout(0.4)")) {
      // Keras' second model in the process: its counters continue from the first model's layers
      keras.add(line.replace("\"sequential_1\"", "\"sequential\"").replace("dense_2 (Dense)", "dense (Dense)  ")
          .replace("dense_3 (Dense)", "dense_1 (Dense)"));
    }

    assertSameLines(keras, lines(model.summary()));
  }

  @Test
  void history_keys_after_fit_with_validation_are_in_keras_order() {
    Matcher m = Pattern.compile("HISTORY_KEYS=\\[(.*)]").matcher(Golden.text(FILE));
    assertTrue(m.find(), "golden file records HISTORY_KEYS");
    List<String> kerasKeys = new ArrayList<>();
    for (String k : m.group(1).split(",")) {
      kerasKeys.add(k.trim().replace("\"", ""));
    }
    assertEquals(List.of("accuracy", "loss", "val_accuracy", "val_loss"), kerasKeys);

    Tensor x = Tensor.of(new double[][] {{0, 0}, {1, 1}, {0, 1}, {1, 0}});
    Tensor y = Tensor.column(new int[] {0, 1, 1, 0});
    Sequential model = new Sequential(Input.shape(2), new Dense(8, "relu"), new Dropout(0.4f),
        new Dense(1, "sigmoid"));
    model.setRandomSeed(1);
    model.compile(new Adam(), Losses.binaryCrossentropy(false), "accuracy");
    History h = model.fit(x, y, FitOptions.builder().epochs(2).batchSize(2).validationData(x, y).verbose(0).build());

    assertEquals(kerasKeys, h.keys());
    assertEquals(kerasKeys, List.copyOf(h.asMap().keySet()));
  }
}
