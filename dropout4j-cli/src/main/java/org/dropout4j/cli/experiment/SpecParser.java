package org.dropout4j.cli.experiment;

import static org.dropout4j.cli.experiment.ExperimentSpec.ACTIVATIONS;
import static org.dropout4j.cli.experiment.ExperimentSpec.ALL_ROWS;
import static org.dropout4j.cli.experiment.ExperimentSpec.DATASETS;
import static org.dropout4j.cli.experiment.ExperimentSpec.DEFAULT_BATCH_SIZE;
import static org.dropout4j.cli.experiment.ExperimentSpec.DEFAULT_EPOCHS;
import static org.dropout4j.cli.experiment.ExperimentSpec.DEFAULT_HIDDEN_UNITS;
import static org.dropout4j.cli.experiment.ExperimentSpec.DEFAULT_NOISE;
import static org.dropout4j.cli.experiment.ExperimentSpec.DEFAULT_N_SAMPLES;
import static org.dropout4j.cli.experiment.ExperimentSpec.DEFAULT_TRAIN_ROWS;
import static org.dropout4j.cli.experiment.ExperimentSpec.IMAGE_DATASETS;
import static org.dropout4j.cli.experiment.ExperimentSpec.MAX_SPEC_BYTES;
import static org.dropout4j.cli.experiment.ExperimentSpec.MAX_TRIALS;
import static org.dropout4j.cli.experiment.ExperimentSpec.PRESETS;
import static org.dropout4j.cli.experiment.ExperimentSpec.TOY_DATASETS;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.dropout4j.cli.experiment.ExperimentSpec.Data;
import org.dropout4j.cli.experiment.ExperimentSpec.Model;
import org.dropout4j.cli.experiment.ExperimentSpec.Setting;
import org.dropout4j.cli.experiment.ExperimentSpec.Training;
import org.dropout4j.data.TextFiles;
import org.dropout4j.data.ToyDatasets;
import org.dropout4j.optimizers.Optimizers;

/**
 * Reads an {@link ExperimentSpec} from JSON or YAML: checks every field (errors name the field, what it expects and
 * what it received), fills in the defaults, expands a {@code grid} into settings and keeps the filled-in tree as the
 * spec's canonical form.
 */
final class SpecParser {
  private static final Set<String> FILES_KEYS = Set.of("dataset", "x_train", "y_train", "x_test", "y_test",
      "sha256");
  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
  /** A key given twice is refused (the second silently won: `seed: 3 ... seed: 4` ran seed 4). */
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final YAMLMapper YAML = YAMLMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /**
   * Reads a spec file; {@code .yaml}/{@code .yml} as YAML, anything else as JSON.
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException for a malformed or invalid spec; the message names the file and field
   */
  static ExperimentSpec read(Path file) throws IOException {
    String text = TextFiles.readUtf8(file, MAX_SPEC_BYTES);
    if (text.isBlank()) {
      throw new IllegalArgumentException(file + ": the spec file is empty; expected a JSON or YAML object");
    }
    String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean yaml = lower.endsWith(".yaml") || lower.endsWith(".yml");
    try {
      return fromTree(tree(text, yaml), file.toAbsolutePath().getParent());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  static JsonNode tree(String text, boolean yaml) {
    JsonNode root;
    try {
      root = (yaml ? YAML : JSON).readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid " + (yaml ? "YAML" : "JSON") + ": " + oneLine(e), e);
    }
    if (root != null && root.isContainerNode()) {
      root = withTypedFloats(root, floatTexts(yaml ? YAML : JSON, text));
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("expected a " + (yaml ? "YAML mapping" : "JSON object") + " of spec fields, "
          + "received " + (root == null || root.isMissingNode() ? "an empty document" : root.getNodeType()
          .toString().toLowerCase(Locale.ROOT)));
    }
    return root;
  }

  /**
   * A parser's message as one line: SnakeYAML's quote of the offending line and its caret are left out, the line
   * and column are given instead.
   */
  private static String oneLine(JsonProcessingException e) {
    StringBuilder sb = new StringBuilder();
    for (String line : String.valueOf(e.getOriginalMessage()).split("\\R")) {
      String t = line.strip();
      if (t.isEmpty() || line.startsWith(" ") || t.startsWith("in 'reader'") || t.startsWith("in 'string'")) {
        continue; // the quoted text, its caret and SnakeYAML's own position lines
      }
      sb.append(sb.length() == 0 ? "" : "; ").append(t);
    }
    if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
      sb.append(" (line ").append(e.getLocation().getLineNr()).append(", column ")
          .append(e.getLocation().getColumnNr()).append(')');
    }
    return sb.toString();
  }

  /** The text of every floating-point number of a spec as written ({@code 1e300}, not 1.0E300), by value. */
  private static Map<Double, String> floatTexts(ObjectMapper mapper, String text) {
    Map<Double, String> out = new HashMap<>();
    try (JsonParser p = mapper.getFactory().createParser(text)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
          out.putIfAbsent(p.getDoubleValue(), p.getText());
        }
      }
    } catch (IOException e) {
      // the tree was read from the same text; nothing is lost but the typed spelling
    }
    return out;
  }

  /** The tree with its floating-point numbers echoed in errors as written (a walk without recursion). */
  private static JsonNode withTypedFloats(JsonNode root, Map<Double, String> texts) {
    java.util.ArrayDeque<JsonNode> todo = new java.util.ArrayDeque<>(List.of(root));
    while (!todo.isEmpty()) {
      JsonNode n = todo.pop();
      if (n instanceof ObjectNode o) {
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (e.getValue().isDouble() && texts.containsKey(e.getValue().doubleValue())) {
            e.setValue(new TypedDouble(e.getValue().doubleValue(), texts.get(e.getValue().doubleValue())));
          } else if (e.getValue().isContainerNode()) {
            todo.push(e.getValue());
          }
        }
      } else if (n instanceof ArrayNode a) {
        for (int i = 0; i < a.size(); i++) {
          JsonNode c = a.get(i);
          if (c.isDouble() && texts.containsKey(c.doubleValue())) {
            a.set(i, new TypedDouble(c.doubleValue(), texts.get(c.doubleValue())));
          } else if (c.isContainerNode()) {
            todo.push(c);
          }
        }
      }
    }
    return root;
  }

  /** A double that prints as the spec wrote it; equal to and serialized as any double node of its value. */
  private static final class TypedDouble extends DoubleNode {
    private static final long serialVersionUID = 1L;
    private final String text;

    TypedDouble(double value, String text) {
      super(value);
      this.text = text;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /**
   * Builds a spec from a JSON tree (see the class doc for the keys).
   *
   * @param baseDir the directory a relative {@code model.file} is relative to, or null for the working directory
   */
  static ExperimentSpec fromTree(JsonNode root, Path baseDir) {
    SpecFields top = new SpecFields("", root, Set.of("name", "data", "model", "training", "grid", "settings", "repeats",
        "seed"));
    String name = top.string("name", "experiment", null);
    if (!PLAIN_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
      throw top.error("name", "expected a plain name (letters, digits, '.', '_', '-', at most 100 characters; it "
          + "names the folder runs/NAME)", "\"" + name + "\"");
    }
    boolean files = DataFiles.isFiles(root.get("data"));
    SpecFields d = top.object("data", files ? FILES_KEYS : Set.of("dataset", "n_samples", "noise", "random_state",
        "factor", "train_rows", "test_rows", "data_dir"));
    String dataset = d.string("dataset", "circles", DATASETS);
    Data data = files ? new Data(DataFiles.parse(d, baseDir))
        : IMAGE_DATASETS.contains(dataset) ? imageData(d, dataset) : toyData(d, dataset);

    SpecFields m = top.object("model", Set.of("preset", "hidden_units", "hidden_layers", "activation", "keras", "file"));
    Model model;
    if (m.node.has("keras") || m.node.has("file")) {
      model = new Model(null, 0, 0, null, SpecModels.keras(m.node, baseDir).toString());
    } else if (m.node.has("preset")) {
      String preset = m.string("preset", null, PRESETS);
      if (!data.images()) {
        throw m.error("preset", "is only allowed for the image data sets " + IMAGE_DATASETS,
            "preset=" + preset + " with dataset=" + dataset);
      }
      for (String key : List.of("hidden_units", "hidden_layers", "activation")) {
        if (m.node.has(key)) {
          throw m.error(key, "is not allowed together with `model.preset` (the preset fixes the layers)",
              key + "=" + m.node.get(key));
        }
      }
      model = new Model(preset, 0, 0, null);
    } else {
      model = new Model(m.integer("hidden_units", DEFAULT_HIDDEN_UNITS, 1, 100_000),
          m.integer("hidden_layers", 1, 1, 16), m.string("activation", "relu", ACTIVATIONS));
    }

    SpecFields t = top.object("training", Set.of("optimizer", "learning_rate", "epochs", "batch_size"));
    String optimizer = t.string("optimizer", "adam", Optimizers.names());
    Double lr = t.node.has("learning_rate") && !t.node.get("learning_rate").isNull()
        ? t.number("learning_rate", 0, Double.MIN_VALUE, Double.MAX_VALUE, "a number > 0") : null;
    Training training = new Training(optimizer, lr, t.integer("epochs", DEFAULT_EPOCHS, 1, 10_000_000),
        t.integer("batch_size", DEFAULT_BATCH_SIZE, 1, 1_000_000));

    boolean hasGrid = root.has("grid");
    boolean hasSettings = root.has("settings");
    if (hasGrid && hasSettings) {
      throw top.error("settings", "cannot be given together with `grid`", "both");
    }
    JsonNode keras = model.keras() == null ? null : SpecModels.tree(model.keras());
    List<Setting> settings = hasSettings ? explicitSettings(top, training, keras) : grid(top, training, keras);
    ObjectNode filled = (ObjectNode) (root.isObject() ? root.deepCopy() : JSON.createObjectNode());
    int repeats = top.integer("repeats", 1, 1, 100_000);
    if ((long) settings.size() * repeats > MAX_TRIALS) {
      throw top.error("repeats", "expected at most " + MAX_TRIALS + " trials (settings x repeats)",
          settings.size() + " settings x " + repeats + " repeats = " + (long) settings.size() * repeats);
    }
    long seed = top.longValue("seed", 1, 0, Long.MAX_VALUE / 2);
    filled.put("name", name);
    filled.remove("data");
    ObjectNode dn = filled.putObject("data");
    dn.put("dataset", dataset);
    if (data.files() != null) {
      data.files().writeTo(dn);
    } else if (data.images()) {
      if (data.dataDir() != null) {
        dn.put("data_dir", data.dataDir());
      }
      if (data.trainRows() != ALL_ROWS) {
        dn.put("train_rows", data.trainRows());
      }
      if (data.testRows() != ALL_ROWS) {
        dn.put("test_rows", data.testRows());
      }
    } else {
      dn.put("n_samples", data.nSamples()).put("noise", data.noise()).put("random_state", data.randomState());
      if (dataset.equals("circles")) {
        dn.put("factor", data.factor());
      }
      dn.put("train_rows", data.trainRows());
    }
    filled.remove("model");
    ObjectNode mn = filled.putObject("model");
    if (keras != null) {
      mn.set("keras", keras);
    } else if (model.preset() != null) {
      mn.put("preset", model.preset());
    } else {
      mn.put("hidden_units", model.hiddenUnits()).put("hidden_layers", model.hiddenLayers())
          .put("activation", model.activation());
    }
    filled.remove("training");
    ObjectNode tn = filled.putObject("training");
    tn.put("optimizer", optimizer);
    if (lr != null) {
      tn.put("learning_rate", lr);
    }
    tn.put("epochs", training.epochs()).put("batch_size", training.batchSize());
    filled.remove("grid");
    filled.remove("settings");
    var list = filled.putArray("settings");
    for (Setting s : settings) {
      ObjectNode sn = list.addObject().put("label", s.label());
      if (keras == null) {
        sn.put("dropout_rate", s.dropoutRate()).put("input_dropout_rate", s.inputDropoutRate())
            .put("max_norm", s.maxNorm());
      }
      sn.put("optimizer", s.optimizer()).put("epochs", s.epochs());
      if (s.learningRate() != null) {
        sn.put("learning_rate", s.learningRate());
      }
      if (s.batchSize() != null) {
        sn.put("training.batch_size", s.batchSize());
      }
      s.layerValues().forEach((k, v) -> sn.set(k, JSON.valueToTree(v)));
    }
    filled.remove("repeats");
    filled.remove("seed");
    filled.put("repeats", repeats);
    filled.put("seed", seed);
    return new ExperimentSpec(name, data, model, training, settings, repeats, seed, filled);
  }

  private static Data toyData(SpecFields d, String dataset) {
    for (String key : List.of("test_rows", "data_dir")) {
      if (d.node.has(key)) {
        throw d.error(key, "is only allowed for the image data sets " + IMAGE_DATASETS, "dataset=" + dataset);
      }
    }
    int nSamples = d.integer("n_samples", DEFAULT_N_SAMPLES, 2, 1_000_000);
    double noise = d.number("noise", DEFAULT_NOISE, 0, Double.MAX_VALUE, "a number >= 0");
    long randomState = d.longValue("random_state", 1, 0, 4294967295L);
    double factor = d.number("factor", ToyDatasets.DEFAULT_FACTOR, 0, Math.nextDown(1.0), "a number in [0, 1)");
    if (!dataset.equals("circles") && d.node.has("factor")) {
      throw d.error("factor", "is only allowed for dataset circles", "dataset=" + dataset);
    }
    int trainRows = d.integer("train_rows", Math.min(DEFAULT_TRAIN_ROWS, nSamples - 1), 1, nSamples - 1);
    return new Data(dataset, nSamples, noise, randomState, factor, trainRows);
  }

  private static Data imageData(SpecFields d, String dataset) {
    for (String key : List.of("n_samples", "noise", "random_state", "factor")) {
      if (d.node.has(key)) {
        throw d.error(key, "is only allowed for the toy data sets " + TOY_DATASETS, "dataset=" + dataset);
      }
    }
    int trainRows = d.integer("train_rows", ALL_ROWS, 1, ALL_ROWS);
    int testRows = d.integer("test_rows", ALL_ROWS, 1, ALL_ROWS);
    String dataDir = d.string("data_dir", null, null);
    return new Data(dataset, 0, 0, 0, 0, trainRows, testRows, dataDir);
  }

  private static List<Setting> grid(SpecFields top, Training training, JsonNode keras) {
    SpecFields g = top.object("grid", Set.of("dropout_rate", "input_dropout_rate", "max_norm", "optimizer", "epochs"),
        true);
    SpecModels.checkLegacyKeys(g, keras, "grid.");
    Map<String, List<Object>> axes = SpecModels.gridAxes(g, keras);
    List<Double> rates = g.numbers("dropout_rate", List.of(0.0), 0, Math.nextDown(1.0), "a float in [0, 1)");
    List<Double> inputRates = g.numbers("input_dropout_rate", List.of(0.0), 0, Math.nextDown(1.0),
        "a float in [0, 1) (0 = off)");
    List<Double> maxNorms = g.numbers("max_norm", List.of(0.0), 0, Double.MAX_VALUE, "a number > 0, or 0 = off");
    List<String> optimizers = g.strings("optimizer", List.of(training.optimizer()), Optimizers.names());
    List<Integer> epochs = g.integers("epochs", List.of(training.epochs()), 1, 10_000_000);
    long product = (long) optimizers.size() * epochs.size() * maxNorms.size() * inputRates.size() * rates.size();
    if (product > MAX_TRIALS) {
      throw g.error("dropout_rate", "expected a grid of at most " + MAX_TRIALS + " settings", product + " settings");
    }
    List<Setting> out = new ArrayList<>();
    for (String o : optimizers) {
      for (int e : epochs) {
        for (double mn : maxNorms) {
          for (double in : inputRates) {
            for (double r : rates) {
              String label = keras != null ? null : label(r, in, mn, o, e, optimizers.size() > 1, epochs.size() > 1);
              Setting base = new Setting(label, r, in, mn, o, e, training.learningRate());
              out.addAll(SpecModels.combine(base, axes, keras != null));
            }
          }
        }
      }
    }
    return out;
  }

  private static List<Setting> explicitSettings(SpecFields top, Training training, JsonNode keras) {
    JsonNode arr = top.node.get("settings");
    if (!arr.isArray() || arr.isEmpty()) {
      throw top.error("settings", "expected a non-empty list of settings", String.valueOf(arr));
    }
    List<Setting> out = new ArrayList<>();
    for (int i = 0; i < arr.size(); i++) {
      SpecFields s = new SpecFields("settings[" + i + "].", arr.get(i), Set.of("label", "dropout_rate",
          "input_dropout_rate", "max_norm", "optimizer", "epochs", "learning_rate"), true);
      SpecModels.checkLegacyKeys(s, keras, "settings[" + i + "].");
      double r = s.number("dropout_rate", 0, 0, Math.nextDown(1.0), "a float in [0, 1)");
      double in = s.number("input_dropout_rate", 0, 0, Math.nextDown(1.0), "a float in [0, 1) (0 = off)");
      double mn = s.number("max_norm", 0, 0, Double.MAX_VALUE, "a number > 0, or 0 = off");
      String o = s.string("optimizer", training.optimizer(), Optimizers.names());
      int e = s.integer("epochs", training.epochs(), 1, 10_000_000);
      Double lr = s.node.has("learning_rate") && !s.node.get("learning_rate").isNull()
          ? Double.valueOf(s.number("learning_rate", 0, Double.MIN_VALUE, Double.MAX_VALUE, "a number > 0"))
          : training.learningRate();
      String label = label(r, in, mn, o, e, !o.equals(training.optimizer()), e != training.epochs());
      if (!Objects.equals(lr, training.learningRate())) {
        label += ", lr " + lr;
      }
      Setting base = new Setting(keras != null ? null : label, r, in, mn, o, e, lr);
      Setting full = SpecModels.explicit(base, s.node, keras, "settings[" + i + "].", training);
      out.add(s.node.has("label") ? withLabel(full, s.string("label", null, null)) : full);
    }
    return out;
  }

  private static Setting withLabel(Setting s, String label) {
    return new Setting(label, s.dropoutRate(), s.inputDropoutRate(), s.maxNorm(), s.optimizer(), s.epochs(),
        s.learningRate(), s.batchSize(), s.layerValues());
  }

  private static String label(double rate, double inputRate, double maxNorm, String optimizer, int epochs,
      boolean showOptimizer, boolean showEpochs) {
    List<String> parts = new ArrayList<>();
    parts.add(rate == 0 && inputRate == 0 && maxNorm == 0 ? "no dropout" : "dropout " + ExperimentSpec.num(rate));
    if (inputRate > 0) {
      parts.add("input " + ExperimentSpec.num(inputRate));
    }
    if (maxNorm > 0) {
      parts.add("maxnorm " + ExperimentSpec.num(maxNorm));
    }
    if (showOptimizer) {
      parts.add(optimizer);
    }
    if (showEpochs) {
      parts.add(epochs + (epochs == 1 ? " epoch" : " epochs"));
    }
    return String.join(", ", parts);
  }

  private SpecParser() {
  }
}
