package org.dropout4j.io;

import io.jhdf.HdfFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.dropout4j.losses.Loss;
import org.dropout4j.metrics.Metric;
import org.dropout4j.metrics.Metrics;
import org.dropout4j.models.Model;
import org.dropout4j.models.Sequential;
import org.dropout4j.optimizers.Optimizer;

/**
 * Keras' {@code compile_config} (what {@code model.get_compile_config()} returns and a {@code .keras} file keeps in
 * its {@code config.json}; a legacy {@code .h5} file keeps the same parts in its {@code training_config} attribute):
 * the optimizer with its options or schedule, the loss (a name such as {@code "mae"} or a serialized loss object)
 * and the metric names, applied to a model as {@code model.compile(...)} would.
 *
 * <pre>{@code
 * Sequential model = KerasImport.load(Path.of("model.keras"));
 * KerasCompile.compile(model, KerasCompile.read(Path.of("model.keras")));
 * }</pre>
 */
public final class KerasCompile {
  private KerasCompile() {
  }

  /**
   * The compile config of a Keras model file, or {@code null} if the model was saved uncompiled: a {@code .keras}
   * file's {@code compile_config}, or a legacy {@code .h5} file's {@code training_config} in the same form (see
   * {@link #fromTrainingConfig}). The file is recognized by its content, not its name.
   *
   * @throws IOException if the file cannot be read or is neither a readable zip nor HDF5 (the message names the file)
   * @throws IllegalArgumentException if its config is malformed or not UTF-8 (naming the entry and byte offset)
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> read(Path kerasFile) throws IOException {
    if (KerasImport.kind(kerasFile) == FileMagic.HDF5) {
      return readHdf5(kerasFile);
    }
    byte[] config;
    try (ZipFile zip = new ZipFile(kerasFile.toFile())) {
      config = KerasImport.entry(zip, "config.json", KerasImport.MAX_JSON_BYTES, true);
    } catch (java.util.zip.ZipException e) {
      throw new IOException("cannot read the compile config of " + kerasFile + ": not a readable .keras zip ("
          + e.getMessage() + ")", e);
    }
    Object c = Json.readObject(Json.utf8(config, kerasFile + "!config.json"), kerasFile + " config.json")
        .get("compile_config");
    return c instanceof Map ? (Map<String, Object>) c : null;
  }

  private static Map<String, Object> readHdf5(Path file) throws IOException {
    try (HdfFile h5 = Hdf5Files.open(file)) {
      String json = Hdf5Strings.stringAttr(h5, "training_config");
      if (json == null) {
        return null;
      }
      String where = file + " training_config";
      return fromTrainingConfig(Json.readObject(json, where), Hdf5Strings.stringAttr(h5, "keras_version"), where);
    } catch (io.jhdf.exceptions.HdfException e) {
      throw new IOException("cannot read the compile config of " + file + ": " + Hdf5Guard.describe(e), e);
    }
  }

  /**
   * A legacy HDF5 {@code training_config} (Keras 2, tf.keras or Keras 3's {@code model.save("m.h5")}) as a
   * {@code compile_config}: its {@code optimizer_config} becomes {@code optimizer}, {@code loss},
   * {@code loss_weights}, {@code metrics} and {@code weighted_metrics} are kept, metric aliases renamed as Keras 3
   * names them when it loads a legacy file ({@code mae} is {@code mean_absolute_error}). A Keras 2 optimizer's {@code lr}
   * (Keras 2.2 and older) is its {@code learning_rate} and a {@code decay} of 0 is dropped; a nonzero
   * {@code decay} (Keras 2's time-based learning-rate decay, which Keras 3 ignores with a warning) is refused,
   * since training with it dropped would not be what the file's writer trained.
   *
   * @param trainingConfig the parsed attribute
   * @param kerasVersion the file's {@code keras_version}, or {@code null}
   * @param where what to name in errors
   * @throws IllegalArgumentException for a nonzero {@code decay} or an optimizer entry that is not an object
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> fromTrainingConfig(Map<String, Object> trainingConfig, String kerasVersion,
      String where) {
    Map<String, Object> out = new LinkedHashMap<>();
    Object optimizer = trainingConfig.get("optimizer_config");
    if (optimizer instanceof Map && ((Map<String, Object>) optimizer).get("config") instanceof Map
        && KerasDialect.beforeKeras3(kerasVersion)) {
      Map<String, Object> env = new LinkedHashMap<>((Map<String, Object>) optimizer);
      Map<String, Object> config = new LinkedHashMap<>((Map<String, Object>) env.get("config"));
      if (config.containsKey("lr")) {
        config.putIfAbsent("learning_rate", config.get("lr"));
        config.remove("lr");
      }
      Object decay = config.remove("decay");
      if (decay instanceof Number && ((Number) decay).doubleValue() != 0) {
        throw new IllegalArgumentException(where + ": optimizer " + env.get("class_name") + ": Keras 2's "
            + "time-based learning-rate decay is not implemented, expected decay=0, received decay=" + decay
            + " (choose the optimizer yourself, e.g. with --optimizer and --learning-rate)");
      }
      env.put("config", config);
      optimizer = env;
    }
    out.put("optimizer", optimizer);
    for (String key : List.of("loss", "loss_weights")) {
      out.put(key, trainingConfig.get(key));
    }
    for (String key : List.of("metrics", "weighted_metrics")) {
      out.put(key, legacyMetricNames(trainingConfig.get(key)));
    }
    return out;
  }

  /**
   * Metric names as Keras 3's {@code load_model} of a legacy file gives them: it deserializes each metric string
   * other than accuracy and crossentropy into a metric object named by its full name, so {@code "mae"} is logged as
   * {@code mean_absolute_error} and {@code "mse"} as {@code mean_squared_error} (a {@code .keras} file keeps
   * {@code mae}). Lists and dicts by output are renamed inside; other values are kept.
   */
  private static Object legacyMetricNames(Object metrics) {
    if (metrics instanceof String name) {
      return name.equals("mae") ? "mean_absolute_error" : name.equals("mse") ? "mean_squared_error" : name;
    }
    if (metrics instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(m -> out.add(legacyMetricNames(m)));
      return out;
    }
    if (metrics instanceof Map<?, ?> map && !map.containsKey("class_name")) {
      Map<Object, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k, legacyMetricNames(v)));
      return out;
    }
    return metrics;
  }

  /** The optimizer of a compile config. */
  public static Optimizer optimizer(Map<String, Object> compileConfig) {
    return CompileConfigs.optimizerFromConfig(compileConfig.get("optimizer"));
  }

  /**
   * The loss of a compile config: a Keras name or a serialized loss ({@code {"class_name", "config"}}).
   *
   * @throws IllegalArgumentException for several losses (multi-output) or an unknown loss
   */
  @SuppressWarnings("unchecked")
  public static Loss loss(Map<String, Object> compileConfig) {
    Object loss = compileConfig.get("loss");
    if (loss instanceof Map && ((Map<String, Object>) loss).get("config") instanceof Map) {
      loss = ((Map<String, Object>) loss).get("config");
    }
    if (loss instanceof List || loss instanceof Map && !((Map<String, Object>) loss).containsKey("name")) {
      throw new IllegalArgumentException("compile_config: one loss per model is supported, received "
          + Json.write(compileConfig.get("loss")));
    }
    return CompileConfigs.lossFromConfig(loss);
  }

  /** The metric names of a compile config's {@code metrics} (or another key such as {@code weighted_metrics}). */
  public static List<String> metricNames(Map<String, Object> compileConfig, String key) {
    List<String> out = new ArrayList<>();
    Object v = compileConfig.get(key);
    if (v == null) {
      return out;
    }
    if (!(v instanceof List)) {
      throw new IllegalArgumentException("compile_config: `" + key + "` must be a list of metric names, received "
          + Json.write(v));
    }
    for (Object o : (List<?>) v) {
      if (!(o instanceof String)) {
        throw new IllegalArgumentException("compile_config: `" + key + "` supports metric names only, received "
            + Json.write(o));
      }
      out.add((String) o);
    }
    return out;
  }

  /**
   * Compiles {@code model} as Keras' {@code compile(**compile_config)}: optimizer, loss, metrics and weighted
   * metrics; a model with several outputs (or losses given per output) as {@link KerasOutputsCompile} reads it.
   *
   * @throws IllegalArgumentException for parts dropout4j does not implement (named in the message)
   */
  public static void compile(Model model, Map<String, Object> compileConfig) {
    compile(model, compileConfig, null);
  }

  /**
   * As {@link #compile(Model, Map)}, with {@code optimizer} instead of the config's (whose {@code optimizer} entry is
   * then not read: it may name one dropout4j does not implement), e.g. to keep a loaded optimizer's state or to
   * evaluate, which needs none.
   *
   * @param optimizer the optimizer to compile with, or {@code null} for the config's
   * @throws IllegalArgumentException for parts dropout4j does not implement (named in the message)
   */
  public static void compile(Model model, Map<String, Object> compileConfig, Optimizer optimizer) {
    Optimizer o = optimizer != null ? optimizer : optimizer(compileConfig);
    Object loss = compileConfig.get("loss");
    if (model.outputNames().size() > 1 || loss instanceof List
        || loss instanceof Map<?, ?> m && !m.containsKey("config") && !m.containsKey("name")) {
      KerasOutputsCompile.compile(model, compileConfig, o);
      return;
    }
    if (compileConfig.get("loss_weights") != null) {
      throw new IllegalArgumentException("compile_config: loss_weights is not supported, received "
          + Json.write(compileConfig.get("loss_weights")));
    }
    List<Metric> metrics = new ArrayList<>();
    for (String m : metricNames(compileConfig, "metrics")) {
      metrics.add(Metrics.resolve(m));
    }
    List<Metric> weighted = new ArrayList<>();
    for (String m : metricNames(compileConfig, "weighted_metrics")) {
      weighted.add(Metrics.resolve(m));
    }
    model.compile(o, loss(compileConfig), metrics, weighted);
  }
}
