package org.dropout4j.cli.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.io.ModelJson;
import org.dropout4j.io.Models;
import org.dropout4j.models.Functional;
import org.dropout4j.models.Model;
import org.dropout4j.optimizers.Optimizers;

/**
 * The parts of {@link ExperimentSpec} that go beyond presets: a Keras model ({@code model.keras} or
 * {@code model.file}) and the generic grid axes ({@code <layer name>.<config key>} and {@code training.*}).
 */
final class SpecModels {
  /** The training values a grid or a setting can vary. */
  static final List<String> TRAINING_AXES = List.of("training.optimizer", "training.learning_rate",
      "training.epochs", "training.batch_size");
  private static final List<String> LEGACY_RATES = List.of("dropout_rate", "input_dropout_rate", "max_norm");
  private static final ObjectMapper JSON = new ObjectMapper();

  private SpecModels() {
  }

  /** Parses compact JSON text written by this class. */
  static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The Keras config of {@code model: {keras: {...}}} or {@code model: {file: PATH}} (config only: a
   * {@code .keras}, {@code .h5}, TF.js or {@code .d4j} file), every layer named, defaults filled in.
   */
  static ObjectNode keras(JsonNode model, Path baseDir) {
    for (Iterator<String> it = model.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!key.equals("keras") && !key.equals("file")) {
        throw new IllegalArgumentException("invalid field `model." + key + "`: not allowed together with "
            + "`model.keras` / `model.file` (the Keras model fixes the layers)");
      }
    }
    if (model.has("keras") && model.has("file")) {
      throw new IllegalArgumentException("invalid field `model.file`: give either `model.keras` or `model.file`, "
          + "not both");
    }
    if (model.has("keras")) {
      return ConfigAxes.checkModel(model.get("keras"), "model.keras");
    }
    JsonNode f = model.get("file");
    if (!f.isTextual() || f.asText().isBlank()) {
      throw new IllegalArgumentException("invalid value for field `model.file`: expected a path to a .keras, .h5, "
          + "TF.js model.json or .d4j file, received " + f);
    }
    Path path = baseDir == null ? Path.of(f.asText()) : baseDir.resolve(f.asText());
    try {
      return ConfigAxes.checkModel(JSON.valueToTree(ModelJson.toConfig(Models.load(path))), "model.file");
    } catch (IOException e) {
      refuseFunctional(path, e);
      throw new UncheckedIOException("cannot read field `model.file` " + path + ": " + e, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid value for field `model.file` (" + path + "): " + e.getMessage(), e);
    }
  }

  /**
   * Throws, if {@code path} holds a model the library reads only as a functional graph (it failed as a Sequential
   * with {@code cause}), what an experiment takes instead and which commands take the file: an experiment varies
   * the layers of one chain, its data sets have one input and one target array.
   */
  private static void refuseFunctional(Path path, IOException cause) {
    Model any;
    try {
      any = Models.loadModel(path);
    } catch (IOException | RuntimeException other) {
      return;
    }
    List<String> inputs = new ArrayList<>();
    if (any instanceof Functional f) {
      f.inputs().forEach(t -> inputs.add(t.operation().name()));
    }
    throw new IllegalArgumentException("invalid value for field `model.file` (" + path + "): it holds a functional "
        + "model (inputs " + inputs + ", outputs " + any.outputNames() + "), and an experiment trains Sequential "
        + "models (one chain of layers from the data set's one input to its one target); give a Sequential model "
        + "(`model.file` or `model.keras`), or train this one with `dropout4j fit " + path.getFileName() + " --x ... "
        + "--y ...` (one --x per input, one --y per output)", cause);
  }

  /** Refuses the preset rate keys for a Keras model (its layers are addressed by name instead). */
  static void checkLegacyKeys(SpecFields f, JsonNode keras, String prefix) {
    if (keras == null) {
      return;
    }
    for (String key : LEGACY_RATES) {
      if (f.node.has(key)) {
        throw new IllegalArgumentException("invalid field `" + prefix + key + "`: a Keras model's values are "
            + "addressed as `<layer name>.<config key>`, e.g. `" + example(keras) + "`; its layers are "
            + layerNames(keras));
      }
    }
  }

  private static String example(JsonNode keras) {
    for (JsonNode l : ConfigAxes.layers(keras)) {
      if (l.path("config").has("rate")) {
        return l.path("config").path("name").asText() + ".rate";
      }
    }
    List<String> names = layerNames(keras);
    return names.get(names.size() - 1) + ".<key>";
  }

  private static List<String> layerNames(JsonNode keras) {
    List<String> names = new ArrayList<>();
    ConfigAxes.layers(keras).forEach(l -> names.add(l.path("config").path("name").asText()));
    return names;
  }

  /** The dotted axes of a grid, in the order given, each checked; values as JSON scalars. */
  static Map<String, List<Object>> gridAxes(SpecFields g, JsonNode keras) {
    Map<String, List<Object>> axes = new LinkedHashMap<>();
    for (Iterator<String> it = g.node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (key.indexOf('.') < 0) {
        continue;
      }
      if (key.startsWith("training.")) {
        List<?> values = trainingValues(g, key);
        if (values == null) { // the key given without a value (YAML `{training.epochs}`): a Jazzer finding
          throw g.error(key, "expected a non-empty list", "null");
        }
        axes.put(key, new ArrayList<>(values));
        continue;
      }
      JsonNode list = g.list(key);
      if (list == null) { // the key given without a value (YAML `key:`)
        throw g.error(key, "expected a non-empty list", "null");
      }
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        Object v = layerValue(keras, key, list.get(i), g.prefix + key + "[" + i + "]");
        if (values.contains(v)) {
          throw g.error(key + "[" + i + "]", "expected distinct values", list.toString());
        }
        values.add(v);
      }
      axes.put(key, values);
    }
    duplicate(g, "optimizer", "training.optimizer");
    duplicate(g, "epochs", "training.epochs");
    return axes;
  }

  private static void duplicate(SpecFields f, String legacy, String axis) {
    if (f.node.has(legacy) && f.node.has(axis)) {
      throw f.error(axis, "cannot be given together with `" + f.prefix + legacy + "` (the same value)", "both");
    }
  }

  private static List<?> trainingValues(SpecFields g, String key) {
    switch (key) {
      case "training.optimizer":
        return g.strings(key, null, Optimizers.names());
      case "training.learning_rate":
        return g.numbers(key, null, Double.MIN_VALUE, Double.MAX_VALUE, "a number > 0");
      case "training.epochs":
        return g.integers(key, null, 1, 10_000_000);
      case "training.batch_size":
        return g.integers(key, null, 1, 1_000_000);
      default:
        throw new IllegalArgumentException("unknown field `" + g.prefix + key + "`; the training axes are "
            + TRAINING_AXES);
    }
  }

  private static Object layerValue(JsonNode keras, String axis, JsonNode value, String field) {
    if (keras == null) {
      throw new IllegalArgumentException("invalid field `" + field.replaceAll("\\[\\d+]$", "") + "`: layer axes "
          + "(`<layer name>.<config key>`) need a Keras model (`model.keras` or `model.file`); a preset or the "
          + "Dense stack varies `dropout_rate`, `input_dropout_rate` and `max_norm`");
    }
    ConfigAxes.check(keras, axis, value, field);
    return JSON.convertValue(value, Object.class);
  }

  /**
   * Every combination of the axes applied to {@code base}, the first axis varying fastest; labels list the axis
   * values after the base label (a Keras model's base has none).
   */
  static List<ExperimentSpec.Setting> combine(ExperimentSpec.Setting base, Map<String, List<Object>> axes,
      boolean keras) {
    List<ExperimentSpec.Setting> out = new ArrayList<>();
    List<String> names = new ArrayList<>(axes.keySet());
    int total = 1;
    for (List<Object> v : axes.values()) {
      total *= v.size();
    }
    for (int c = 0; c < total; c++) {
      Map<String, Object> values = new LinkedHashMap<>();
      int rest = c;
      for (String name : names) {
        List<Object> v = axes.get(name);
        values.put(name, v.get(rest % v.size()));
        rest /= v.size();
      }
      out.add(apply(base, values, keras));
    }
    return out;
  }

  /** A setting of an explicit {@code settings} list: the dotted keys on top of the plain ones. */
  static ExperimentSpec.Setting explicit(ExperimentSpec.Setting base, JsonNode node, JsonNode keras, String prefix,
      ExperimentSpec.Training training) {
    SpecFields f = new SpecFields(prefix, node, java.util.Set.of("label", "dropout_rate",
        "input_dropout_rate", "max_norm", "optimizer", "epochs", "learning_rate"), true);
    Map<String, Object> values = new LinkedHashMap<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (key.indexOf('.') < 0) {
        continue;
      }
      Object v;
      switch (key) {
        case "training.optimizer" -> v = f.string(key, null, Optimizers.names());
        case "training.learning_rate" -> v = f.number(key, 0, Double.MIN_VALUE, Double.MAX_VALUE, "a number > 0");
        case "training.epochs" -> v = f.integer(key, 0, 1, 10_000_000);
        case "training.batch_size" -> v = f.integer(key, 0, 1, 1_000_000);
        default -> {
          if (key.startsWith("training.")) {
            throw new IllegalArgumentException("unknown field `" + prefix + key + "`; the training axes are "
                + TRAINING_AXES);
          }
          v = layerValue(keras, key, node.get(key), prefix + key);
        }
      }
      values.put(key, v);
    }
    duplicate(f, "optimizer", "training.optimizer");
    duplicate(f, "epochs", "training.epochs");
    duplicate(f, "learning_rate", "training.learning_rate");
    return apply(base, values, keras != null);
  }

  private static ExperimentSpec.Setting apply(ExperimentSpec.Setting base, Map<String, Object> values,
      boolean keras) {
    String optimizer = base.optimizer();
    int epochs = base.epochs();
    Double lr = base.learningRate();
    Integer batch = base.batchSize();
    Map<String, Object> layers = new LinkedHashMap<>(base.layerValues());
    List<String> parts = new ArrayList<>();
    if (base.label() != null) {
      parts.add(base.label());
    }
    for (Map.Entry<String, Object> e : values.entrySet()) {
      Object v = e.getValue();
      switch (e.getKey()) {
        case "training.optimizer" -> optimizer = (String) v;
        case "training.epochs" -> epochs = ((Number) v).intValue();
        case "training.learning_rate" -> lr = ((Number) v).doubleValue();
        case "training.batch_size" -> batch = ((Number) v).intValue();
        default -> layers.put(e.getKey(), v);
      }
      parts.add(e.getKey() + " " + (v instanceof Number n ? ExperimentSpec.num(n.doubleValue()) : v));
    }
    String label = parts.isEmpty() ? (keras ? "base model" : "no dropout") : String.join(", ", parts);
    return new ExperimentSpec.Setting(label, base.dropoutRate(), base.inputDropoutRate(), base.maxNorm(), optimizer,
        epochs, lr, batch, layers);
  }

  /** The model of a setting: the Keras config with the setting's layer values, rebuilt through the registry. */
  static org.dropout4j.models.Sequential build(String keras, Map<String, Object> layerValues) {
    Map<String, JsonNode> values = new LinkedHashMap<>();
    layerValues.forEach((k, v) -> values.put(k, JSON.valueToTree(v)));
    return ConfigAxes.build(ConfigAxes.apply(tree(keras), values));
  }

  /**
   * Checks that the data fit the Keras model's declared input.
   *
   * @throws IllegalArgumentException naming the model's input shape and the data's sample shape
   */
  static void checkInput(String keras, org.dropout4j.tensor.Shape data) {
    org.dropout4j.tensor.Shape in = build(keras, Map.of()).inputShape();
    if (in == null) {
      throw new IllegalArgumentException("invalid value for field `model`: the Keras model declares no input shape "
          + "(an InputLayer or batch_shape on the first layer); the data's samples have shape "
          + data.dropFirst());
    }
    if (!in.dropFirst().equals(data.dropFirst())) {
      throw new IllegalArgumentException("invalid value for field `model`: the Keras model expects samples of shape "
          + in.dropFirst() + ", but the data's samples have shape " + data.dropFirst());
    }
  }

  /**
   * Checks that a Keras model's output fits the labels: one unit (sigmoid) for two classes, {@code classes} units
   * (softmax) for more.
   */
  static void checkOutput(String keras, boolean binary, int classes) {
    org.dropout4j.tensor.Shape out = build(keras, Map.of()).outputShape();
    int want = binary ? 1 : classes;
    if (out.rank() != 2 || out.dim(1) != want) {
      throw new IllegalArgumentException("invalid value for field `model`: the labels name " + classes
          + " classes, so the model must output (batch, " + want + ")" + (binary ? " (one sigmoid unit, binary "
          + "cross-entropy)" : " (softmax, sparse categorical cross-entropy)") + ", but it outputs " + out);
    }
  }
}
