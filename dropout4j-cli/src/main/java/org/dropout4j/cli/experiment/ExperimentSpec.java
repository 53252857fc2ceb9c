package org.dropout4j.cli.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.cli.circles.CirclesStudy;
import org.dropout4j.cli.presets.ModelPresets;
import org.dropout4j.data.FashionMnist;
import org.dropout4j.data.Mnist;
import org.dropout4j.data.TextFiles;
import org.dropout4j.data.ToyDatasets;
import org.dropout4j.models.FitOptions;

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
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Data sets the experiment can generate. */
  public static final List<String> DATASETS = List.of("circles", "moons", "fashion-mnist", "mnist", "files");
  /** The data set read from four array files ({@link DataFiles}). */
  public static final String FILES_DATASET = "files";
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
   * @param files {@code dataset: files}: the array files; null otherwise
   */
  public record Data(String dataset, int nSamples, double noise, long randomState, double factor, int trainRows,
      int testRows, String dataDir, DataFiles files) {
    /** Generated or image data (no files). */
    public Data(String dataset, int nSamples, double noise, long randomState, double factor, int trainRows,
        int testRows, String dataDir) {
      this(dataset, nSamples, noise, randomState, factor, trainRows, testRows, dataDir, null);
    }

    /** Data read from array files. */
    public Data(DataFiles files) {
      this(FILES_DATASET, 0, 0, 0, 0, ALL_ROWS, ALL_ROWS, null, files);
    }

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

  ExperimentSpec(String name, Data data, Model model, Training training, List<Setting> settings,
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
  /** The largest spec file read. */
  static final long MAX_SPEC_BYTES = 1L << 20;

  /**
   * Reads a spec file; {@code .yaml}/{@code .yml} as YAML, anything else as JSON.
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException for a malformed or invalid spec; the message names the file and field
   */
  public static ExperimentSpec read(Path file) throws IOException {
    return SpecParser.read(file);
  }

  /**
   * Reads a spec as an output folder keeps it ({@code spec.json}, JSON), strictly as UTF-8.
   *
   * @param file the spec file
   * @return the spec
   * @throws IOException if it cannot be read, is larger than 1 MiB, or is not valid UTF-8 (naming the file and the
   *     byte offset)
   * @throws IllegalArgumentException for malformed JSON or an invalid field, naming the file
   */
  public static ExperimentSpec readSaved(Path file) throws IOException {
    String text = TextFiles.readUtf8(file, MAX_SPEC_BYTES);
    try {
      return parse(text, false);
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
    return SpecParser.fromTree(SpecParser.tree(text, yaml), null);
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
    return SpecParser.fromTree(root, baseDir);
  }

  /** A number as a label shows it: {@code 2} for 2.0, {@code 0.5} for 0.5. */
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
}
