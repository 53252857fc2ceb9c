package org.dropout4j.cli.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.dropout4j.cli.circles.CirclesStudy;
import org.dropout4j.cli.presets.ModelPresets;
import org.dropout4j.data.FashionMnist;
import org.dropout4j.data.Mnist;
import org.dropout4j.data.TextFiles;
import org.dropout4j.data.ToyDatasets;
import org.dropout4j.models.FitOptions;
import org.dropout4j.optimizers.Optimizers;

/**
 * An overfitting experiment: the data, the base model and training, the settings to compare and how many seeded
 * repeats of each. Immutable; read from JSON or YAML ({@link #read}, {@link #parse}) and written back as canonical
 * JSON ({@link #toJson}).
 *
 * <pre>{@code
 * name: circles-dropout-grid
 * data: {dataset: circles, n_samples: 100, noise: 0.1, random_state: 1, factor: 0.8, train_rows: 30}
 * model: {hidden_units: 500, hidden_layers: 1, activation: relu}
 * training: {optimizer: adam, epochs: 4000, batch_size: 32}
 * grid:                          # every combination is one setting
 *   dropout_rate: [0, 0.2, 0.4]  # after each hidden layer; 0 = none
 *   input_dropout_rate: [0]      # before the first Dense; 0 = off
 *   max_norm: [0]                # MaxNorm(max_value) on the hidden kernels; 0 = off
 *   optimizer: [adam]            # default: training.optimizer
 *   epochs: [4000]               # default: training.epochs
 * repeats: 30                    # seeds seed, seed+1, ..., shared by all settings (paired design)
 * seed: 1
 * }</pre>
 *
 * <p><b>Image data.</b> {@code data: {dataset: fashion-mnist}} (or {@code mnist}) reads the four IDX files of the
 * data set with {@link FashionMnist} / {@link Mnist} from {@code data_dir} (default: {@value FashionMnist#ENV_VAR}
 * or {@value FashionMnist#DEBIAN_DIRECTORY}, where Debian's {@code dataset-fashion-mnist} package puts them, for
 * fashion-mnist; {@value Mnist#ENV_VAR} for mnist; a relative directory is relative to the working directory), and
 * {@code train_rows} / {@code test_rows} keep only the first rows of each set (default: all). Pixels are scaled
 * by 1/255; the model ends in Dense(classes, softmax) and trains with sparse categorical cross-entropy.
 *
 * <pre>{@code
 * data: {dataset: fashion-mnist, train_rows: 2000, test_rows: 1000}   # data_dir: /usr/share/datasets/fashion-mnist
 * model: {preset: cnn}                                                # or mlp, or hidden_units/hidden_layers
 * grid: {dropout_rate: [0, 0.25, 0.5]}
 * }</pre>
 *
 * <p><b>Presets.</b> {@code model: {preset: mlp|cnn}} is the network of {@code dropout4j train --model mlp|cnn}
 * ({@link ModelPresets}), for image data only, and excludes {@code hidden_units}, {@code hidden_layers} and
 * {@code activation}. A setting's rates map onto it as follows: {@code dropout_rate} is the rate of every Dropout
 * layer of the preset (mlp: the two after each Dense(512); cnn: the one after MaxPooling2D and the one after
 * Dense(128)), and 0 leaves them out (the Keras examples use mlp 0.2/0.2 and cnn 0.25/0.5);
 * {@code input_dropout_rate} is a Dropout on the input images; {@code max_norm} constrains the hidden Dense
 * kernels (mlp: both Dense(512); cnn: Dense(128)), not the conv kernels. Without a preset, image data go through
 * Flatten and the Dense stack of {@code hidden_units} x {@code hidden_layers}.
 *
 * <p><b>Any model, any value.</b> {@code model: {keras: {class_name: Sequential, config: {layers: [...]}}}} (an inline
 * Keras config) or {@code model: {file: PATH}} (a {@code .keras}, {@code .h5}, TF.js or {@code .d4j} file, relative
 * to the spec file; config only) replaces the preset. Grid and setting keys of the form
 * {@code <layer name>.<config key>} (e.g. {@code noise.rate: [0, 0.2]}) set one config value of the named layer,
 * and {@code training.learning_rate}, {@code training.optimizer}, {@code training.epochs},
 * {@code training.batch_size} vary training; the first axis varies fastest. A layer must exist, the key must
 * exist in its config, and a value must have the type of the current one and be accepted by the layer.
 *
 * <p>Instead of {@code grid}, a {@code settings} list names each setting explicitly, e.g. {@code [{label: baseline},
 * {dropout_rate: 0.4, max_norm: 3}]}; a setting may also set its own {@code learning_rate}; omitted keys take the values of a plain model (no dropout, no max-norm, the
 * training optimizer and epochs). Every error names the field (e.g. {@code grid.dropout_rate[2]}) and the allowed
 * values; unknown keys are errors that list the known ones.
 */
public final class ExperimentSpec {
  /** Data sets the experiment can generate. */
  public static final List<String> DATASETS = List.of("circles", "moons", "fashion-mnist", "mnist");
  /** The toy data sets, generated from scikit-learn's parameters. */
  public static final List<String> TOY_DATASETS = List.of("circles", "moons");
  /** The image data sets, read from IDX files. */
  public static final List<String> IMAGE_DATASETS = List.of("fashion-mnist", "mnist");
  /** Model presets accepted by {@code model.preset} (those of {@code dropout4j train} that take image data). */
  public static final List<String> PRESETS = List.of("mlp", "cnn");
  /** {@code train_rows}/{@code test_rows} of image data when not given: every row. */
  public static final int ALL_ROWS = Integer.MAX_VALUE;
  /** Hidden activations accepted. */
  public static final List<String> ACTIVATIONS = List.of("relu", "tanh", "sigmoid", "linear", "elu", "selu");
  /** Default {@code data.n_samples}: the tutorial's 100 points. */
  public static final int DEFAULT_N_SAMPLES = ToyDatasets.DEFAULT_N_SAMPLES;
  /** Default {@code data.noise}. */
  public static final double DEFAULT_NOISE = 0.1;
  /** Default {@code data.train_rows}: the tutorial's 30 training points. */
  public static final int DEFAULT_TRAIN_ROWS = CirclesStudy.TRAIN_ROWS;
  /** Default {@code model.hidden_units}. */
  public static final int DEFAULT_HIDDEN_UNITS = CirclesStudy.HIDDEN_UNITS;
  /** Default {@code training.epochs}. */
  public static final int DEFAULT_EPOCHS = 4000;
  /** Default {@code training.batch_size}. */
  public static final int DEFAULT_BATCH_SIZE = FitOptions.DEFAULT_BATCH_SIZE;

  /**
   * The data.
   *
   * @param dataset one of {@link ExperimentSpec#DATASETS}
   * @param nSamples toy data: points generated; 0 for image data
   * @param noise toy data: sklearn's {@code noise}; 0 for image data
   * @param randomState toy data: sklearn's {@code random_state}; 0 for image data
   * @param factor circles: sklearn's {@code factor}; 0 otherwise
   * @param trainRows toy data: how many leading points train (the rest test); image data: how many leading
   *     training images are used, {@link ExperimentSpec#ALL_ROWS} for all
   * @param testRows image data: how many leading test images are used, {@link ExperimentSpec#ALL_ROWS} for all;
   *     toy data: {@code nSamples - trainRows}
   * @param dataDir image data: the directory of the IDX files, or null for the loader's default
   */
  public record Data(String dataset, int nSamples, double noise, long randomState, double factor, int trainRows,
      int testRows, String dataDir) {
    /** Toy data: the points after the first {@code trainRows} test. */
    public Data(String dataset, int nSamples, double noise, long randomState, double factor, int trainRows) {
      this(dataset, nSamples, noise, randomState, factor, trainRows, nSamples - trainRows, null);
    }

    /** True for {@link ExperimentSpec#IMAGE_DATASETS}. */
    public boolean images() {
      return IMAGE_DATASETS.contains(dataset);
    }
  }

  /**
   * The base network.
   *
   * @param preset one of {@link ExperimentSpec#PRESETS} (image data only), or null for the Dense stack
   * @param hiddenUnits Dense stack: units per hidden layer; 0 with a preset
   * @param hiddenLayers Dense stack: hidden layers; 0 with a preset
   * @param activation Dense stack: the hidden activation; null with a preset
   * @param keras a Keras Sequential config ({@code model.keras}, or read from {@code model.file}) as compact JSON,
   *     every layer named; null for a preset or the Dense stack
   */
  public record Model(String preset, int hiddenUnits, int hiddenLayers, String activation, String keras) {
    /** The Dense stack: {@code hiddenLayers} Dense layers of {@code hiddenUnits}, then the output layer. */
    public Model(int hiddenUnits, int hiddenLayers, String activation) {
      this(null, hiddenUnits, hiddenLayers, activation, null);
    }

    /** A preset or the Dense stack. */
    public Model(String preset, int hiddenUnits, int hiddenLayers, String activation) {
      this(preset, hiddenUnits, hiddenLayers, activation, null);
    }
  }

  /** Base training options; {@code learningRate} null means the optimizer's Keras default. */
  public record Training(String optimizer, Double learningRate, int epochs, int batchSize) {
  }

  /**
   * One setting to compare.
   *
   * @param label short display name
   * @param dropoutRate rate of the Dropout after each hidden layer (a preset: of each of its Dropout layers), [0, 1);
   *     0 = none
   * @param inputDropoutRate rate of a Dropout on the inputs, [0, 1); 0 = off
   * @param maxNorm MaxNorm max_value on the hidden kernels, {@code > 0}; 0 = off
   * @param optimizer optimizer name
   * @param epochs epochs of training
   * @param learningRate the optimizer's learning rate, or null for its Keras default
   * @param batchSize the batch size, or null for {@code training.batch_size}
   * @param layerValues the layer axes ({@code <layer name>.<config key>}, e.g. {@code noise.rate}) and their values,
   *     in axis order; empty unless the model is a Keras config
   */
  public record Setting(String label, double dropoutRate, double inputDropoutRate, double maxNorm, String optimizer,
      int epochs, Double learningRate, Integer batchSize, Map<String, Object> layerValues) {
    /** Copies the layer values into an unmodifiable, ordered map. */
    public Setting {
      layerValues = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(layerValues));
    }

    /** A setting of a preset or the Dense stack: no layer axes, the spec's batch size. */
    public Setting(String label, double dropoutRate, double inputDropoutRate, double maxNorm, String optimizer,
        int epochs, Double learningRate) {
      this(label, dropoutRate, inputDropoutRate, maxNorm, optimizer, epochs, learningRate, null, Map.of());
    }

    /**
     * True for a model with no dropout of any kind and no max-norm: the baseline of the statistical tests. Layer
     * axes count as regularization when their key is {@code rate}, {@code stddev} or ends in {@code dropout}
     * ({@link SettingValues#isRegularization}); all of them must be 0.
     */
    public boolean isBaseline() {
      return dropoutRate == 0 && inputDropoutRate == 0 && maxNorm == 0 && SettingValues.unregularized(layerValues);
    }

    /** Every value of the setting by axis name (see {@link SettingValues#of}). */
    public Map<String, Object> values() {
      return SettingValues.of(this);
    }
  }

  private final String name;
  private final Data data;
  private final Model model;
  private final Training training;
  private final List<Setting> settings;
  private final int repeats;
  private final long seed;
  private final JsonNode source;

  private ExperimentSpec(String name, Data data, Model model, Training training, List<Setting> settings,
      int repeats, long seed, JsonNode source) {
    this.name = name;
    this.data = data;
    this.model = model;
    this.training = training;
    this.settings = List.copyOf(settings);
    this.repeats = repeats;
    this.seed = seed;
    this.source = source.deepCopy();
  }

  /** The experiment's name. */
  public String name() {
    return name;
  }

  /** The data. */
  public Data data() {
    return data;
  }

  /** The base model. */
  public Model model() {
    return model;
  }

  /** Base training options. */
  public Training training() {
    return training;
  }

  /** The settings in order (grid order: dropout rate varies fastest). */
  public List<Setting> settings() {
    return settings;
  }

  /** Repeats per setting. */
  public int repeats() {
    return repeats;
  }

  /** Seed of repeat 0; repeat r uses {@code seed + r}. */
  public long seed() {
    return seed;
  }

  /** The seed of repeat {@code r}. */
  public long seedOf(int repeat) {
    return seed + repeat;
  }

  /** The spec as read (with defaults filled in), as pretty JSON. */
  public String toJson() {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(source) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The spec as a plain map (for summaries). */
  @SuppressWarnings("unchecked")
  public Map<String, Object> toMap() {
    return JSON.convertValue(source, LinkedHashMap.class);
  }

  /** The most trials (settings x repeats) a spec may define. */
  public static final int MAX_TRIALS = 1_000_000;
  private static final java.util.regex.Pattern PLAIN_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,100}");
  /** The largest spec file read. */
  static final long MAX_SPEC_BYTES = 1L << 20;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();

  /**
   * Reads a spec file; {@code .yaml}/{@code .yml} as YAML, anything else as JSON.
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException for a malformed or invalid spec; the message names the file and field
   */
  public static ExperimentSpec read(Path file) throws IOException {
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

  /**
   * Parses a spec.
   *
   * @param yaml true for YAML, false for JSON
   * @throws IllegalArgumentException for malformed text or an invalid field (named in the message)
   */
  public static ExperimentSpec parse(String text, boolean yaml) {
    return fromTree(tree(text, yaml));
  }

  private static JsonNode tree(String text, boolean yaml) {
    JsonNode root;
    try {
      root = (yaml ? YAML : JSON).readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid " + (yaml ? "YAML" : "JSON") + ": " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("expected a " + (yaml ? "YAML mapping" : "JSON object") + " of spec fields, "
          + "received " + (root == null || root.isMissingNode() ? "an empty document" : root.getNodeType()
          .toString().toLowerCase(Locale.ROOT)));
    }
    return root;
  }

  /** Builds a spec from a JSON tree (see the class doc for the keys); a {@code model.file} is relative to the working directory. */
  public static ExperimentSpec fromTree(JsonNode root) {
    return fromTree(root, null);
  }

  /**
   * Builds a spec from a JSON tree (see the class doc for the keys).
   *
   * @param baseDir the directory a relative {@code model.file} is relative to, or null for the working directory
   */
  public static ExperimentSpec fromTree(JsonNode root, Path baseDir) {
    Fields top = new Fields("", root, Set.of("name", "data", "model", "training", "grid", "settings", "repeats",
        "seed"));
    String name = top.string("name", "experiment", null);
    if (!PLAIN_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
      throw top.error("name", "expected a plain name (letters, digits, '.', '_', '-', at most 100 characters; it "
          + "names the folder runs/NAME)", "\"" + name + "\"");
    }
    Fields d = top.object("data", Set.of("dataset", "n_samples", "noise", "random_state", "factor", "train_rows",
        "test_rows", "data_dir"));
    String dataset = d.string("dataset", "circles", DATASETS);
    Data data = IMAGE_DATASETS.contains(dataset) ? imageData(d, dataset) : toyData(d, dataset);

    Fields m = top.object("model", Set.of("preset", "hidden_units", "hidden_layers", "activation", "keras", "file"));
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

    Fields t = top.object("training", Set.of("optimizer", "learning_rate", "epochs", "batch_size"));
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
    if (data.images()) {
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

  private static Data toyData(Fields d, String dataset) {
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

  private static Data imageData(Fields d, String dataset) {
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

  private static List<Setting> grid(Fields top, Training training, JsonNode keras) {
    Fields g = top.object("grid", Set.of("dropout_rate", "input_dropout_rate", "max_norm", "optimizer", "epochs"),
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

  private static List<Setting> explicitSettings(Fields top, Training training, JsonNode keras) {
    JsonNode arr = top.node.get("settings");
    if (!arr.isArray() || arr.isEmpty()) {
      throw top.error("settings", "expected a non-empty list of settings", String.valueOf(arr));
    }
    List<Setting> out = new ArrayList<>();
    for (int i = 0; i < arr.size(); i++) {
      Fields s = new Fields("settings[" + i + "].", arr.get(i), Set.of("label", "dropout_rate",
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
      if (!java.util.Objects.equals(lr, training.learningRate())) {
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
    parts.add(rate == 0 && inputRate == 0 && maxNorm == 0 ? "no dropout" : "dropout " + num(rate));
    if (inputRate > 0) {
      parts.add("input " + num(inputRate));
    }
    if (maxNorm > 0) {
      parts.add("maxnorm " + num(maxNorm));
    }
    if (showOptimizer) {
      parts.add(optimizer);
    }
    if (showEpochs) {
      parts.add(epochs + " epochs");
    }
    return String.join(", ", parts);
  }

  static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v) : String.valueOf(v);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExperimentSpec other && source.equals(other.source);
  }

  @Override
  public int hashCode() {
    return source.hashCode();
  }

  @Override
  public String toString() {
    return "ExperimentSpec" + source;
  }

  /** A JSON object being read: typed getters with defaults that name the field in every error. */
  static final class Fields {
    final String prefix;
    final JsonNode node;

    Fields(String prefix, JsonNode node, Set<String> allowed) {
      this(prefix, node, allowed, false);
    }

    /** With {@code axes}, dotted keys ({@code <layer>.<key>}, {@code training.*}) are allowed too. */
    Fields(String prefix, JsonNode node, Set<String> allowed, boolean axes) {
      this.prefix = prefix;
      if (node == null || node.isNull() || node.isMissingNode()) {
        this.node = JSON.createObjectNode();
        return;
      }
      if (!node.isObject()) {
        String where = prefix.isEmpty() ? "the spec" : "`" + prefix.substring(0, prefix.length() - 1) + "`";
        throw new IllegalArgumentException("invalid value for " + where + ": expected an object, received "
            + node);
      }
      this.node = node;
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (!allowed.contains(key) && !(axes && key.indexOf('.') > 0)) {
          throw new IllegalArgumentException("unknown field `" + prefix + key + "`; allowed fields: "
              + allowed.stream().sorted().toList() + (axes ? ", `<layer name>.<config key>` (Keras models) and "
              + SpecModels.TRAINING_AXES : ""));
        }
      }
    }

    Fields object(String key, Set<String> allowed) {
      return new Fields(prefix + key + ".", node.get(key), allowed);
    }

    Fields object(String key, Set<String> allowed, boolean axes) {
      return new Fields(prefix + key + ".", node.get(key), allowed, axes);
    }

    IllegalArgumentException error(String key, String expected, String received) {
      return new IllegalArgumentException("invalid value for field `" + prefix + key + "`: " + expected
          + ", received " + received);
    }

    private JsonNode present(String key) {
      JsonNode v = node.get(key);
      return v == null || v.isNull() ? null : v;
    }

    String string(String key, String dflt, List<String> allowedValues) {
      JsonNode v = present(key);
      if (v == null) {
        return dflt;
      }
      return checkString(key, v, allowedValues);
    }

    private String checkString(String key, JsonNode v, List<String> allowedValues) {
      if (!v.isTextual() || v.asText().isBlank()) {
        throw error(key, allowedValues == null ? "expected a non-empty string" : "expected one of " + allowedValues,
            v.toString());
      }
      String s = v.asText();
      if (allowedValues != null) {
        String lower = s.toLowerCase(Locale.ROOT);
        if (!allowedValues.contains(lower)) {
          throw error(key, "expected one of " + allowedValues, s);
        }
        return lower;
      }
      return s;
    }

    double number(String key, double dflt, double min, double max, String expected) {
      JsonNode v = present(key);
      return v == null ? dflt : checkNumber(key, v, min, max, expected);
    }

    /** A number checked as the float32 the trials use: 0.99999999 is 1.0f, 1e300 and 1e-320 are not floats. */
    private double checkNumber(String key, JsonNode v, double min, double max, String expected) {
      double d = v.asDouble();
      float f = (float) d;
      if (!v.isNumber() || !Float.isFinite(f) || (d != 0 && f == 0) || f < min || f > max) {
        String asFloat = v.isNumber() && Double.isFinite(d) && f != d ? " (" + f + " as the float32 it is used as)"
            : "";
        throw error(key, "expected " + expected, v + asFloat);
      }
      return d;
    }

    int integer(String key, int dflt, int min, int max) {
      return (int) longValue(key, dflt, min, max);
    }

    long longValue(String key, long dflt, long min, long max) {
      JsonNode v = present(key);
      return v == null ? dflt : checkLong(key, v, min, max);
    }

    private long checkLong(String key, JsonNode v, long min, long max) {
      if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
        throw error(key, "expected an integer between " + min + " and " + max, v.toString());
      }
      return v.asLong();
    }

    JsonNode list(String key) {
      JsonNode v = present(key);
      if (v == null) {
        return null;
      }
      if (!v.isArray() || v.isEmpty()) {
        throw error(key, "expected a non-empty list", v.toString());
      }
      return v;
    }

    List<Double> numbers(String key, List<Double> dflt, double min, double max, String expected) {
      JsonNode v = list(key);
      if (v == null) {
        return dflt;
      }
      List<Double> out = new ArrayList<>();
      for (int i = 0; i < v.size(); i++) {
        double x = checkNumber(key + "[" + i + "]", v.get(i), min, max, expected);
        if (out.contains(x)) {
          throw error(key + "[" + i + "]", "expected distinct values", v.toString());
        }
        out.add(x);
      }
      return out;
    }

    List<String> strings(String key, List<String> dflt, List<String> allowedValues) {
      JsonNode v = list(key);
      if (v == null) {
        return dflt;
      }
      List<String> out = new ArrayList<>();
      for (int i = 0; i < v.size(); i++) {
        String s = checkString(key + "[" + i + "]", v.get(i), allowedValues);
        if (out.contains(s)) {
          throw error(key + "[" + i + "]", "expected distinct values", v.toString());
        }
        out.add(s);
      }
      return out;
    }

    List<Integer> integers(String key, List<Integer> dflt, int min, int max) {
      JsonNode v = list(key);
      if (v == null) {
        return dflt;
      }
      List<Integer> out = new ArrayList<>();
      for (int i = 0; i < v.size(); i++) {
        int x = (int) checkLong(key + "[" + i + "]", v.get(i), min, max);
        if (out.contains(x)) {
          throw error(key + "[" + i + "]", "expected distinct values", v.toString());
        }
        out.add(x);
      }
      return out;
    }
  }
}
