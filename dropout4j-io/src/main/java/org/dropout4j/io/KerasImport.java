package org.dropout4j.io;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.dropout4j.internal.Names;
import org.dropout4j.layers.Layer;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Parameter;

/**
 * Reads Keras model files into a built {@link Sequential} with its weights (not compiled), without Python:
 *
 * <ul>
 *   <li>Keras 2 / tf.keras / Keras 3 legacy HDF5 ({@code model.save("m.h5")}): the root attribute
 *       {@code model_config} holds the architecture, {@code model_weights/<layer>} groups hold the weights, listed in
 *       order by their {@code layer_names} / {@code weight_names} attributes;</li>
 *   <li>Keras 3 {@code .keras} zips: {@code config.json} and {@code model.weights.h5}, whose
 *       {@code layers/<key>/vars/0..n} datasets hold each layer's weights in order ({@code key} is the snake_case
 *       class name, deduplicated with {@code _1}, {@code _2}... as Keras' saving library does).</li>
 * </ul>
 *
 * <p>Layers become dropout4j layers through a {@link LayerRegistry}: no code from the file ever runs, {@code Lambda}
 * and custom layers are refused, and a model using layers the registry does not know is refused with the list of
 * those class names. Sequential models are read, and functional ({@code Model} / {@code Functional}) models whose
 * layers form a single chain; Keras 1 files are refused. Every weight's shape is checked against the built layer's
 * before it is read, and only the three known entries of a {@code .keras} zip are read, each within a size limit
 * checked before allocating.
 *
 * <pre>{@code
 * Sequential model = KerasImport.load(Path.of("model.keras"));   // or "model.h5"
 * Tensor y = model.predict(x);
 * }</pre>
 */
public final class KerasImport {
  /** The newest Keras major version whose files are read. */
  public static final int NEWEST_MAJOR = 3;
  /** The largest {@code config.json} / {@code metadata.json} read from a {@code .keras} zip: 64 MiB. */
  public static final long MAX_JSON_BYTES = 64L << 20;
  /** The largest {@code model.weights.h5} read from a {@code .keras} zip: 1 GiB (it is held in memory). */
  public static final long MAX_WEIGHTS_BYTES = 1L << 30;

  private static final Set<String> FUNCTIONAL = Set.of("Model", "Functional");

  private KerasImport() {
  }

  /** Imports with the standard layers; see {@link #load(Path, LayerRegistry)}. */
  public static Sequential load(Path file) throws IOException {
    return load(file, LayerRegistry.standard());
  }

  /**
   * Reads a Keras {@code .h5} / {@code .hdf5} or {@code .keras} file (recognized by its content, not its name).
   *
   * @param file the model file
   * @param registry the layer types to accept
   * @throws IOException if the file cannot be read or is not a model dropout4j can build; the message names the
   *     file and the problem (e.g. the unsupported layer class names)
   */
  public static Sequential load(Path file, LayerRegistry registry) throws IOException {
    FileMagic kind = kind(file);
    long fileSize = Files.size(file);
    try {
      if (kind == FileMagic.HDF5) {
        try (HdfFile h5 = Hdf5Files.open(file)) {
          return fromHdf5(h5, registry, fileSize, "the " + fileSize + "-byte file " + file);
        }
      }
      if (kind == FileMagic.ZIP) {
        return fromKerasZip(file, registry, fileSize);
      }
    } catch (io.jhdf.exceptions.HdfException e) {
      throw new IOException("cannot load Keras model " + file + ": " + Hdf5Guard.describe(e), e);
    } catch (RuntimeException e) {
      // untrusted bytes: whatever a parser throws becomes one IOException naming the file
      throw new IOException("cannot load Keras model " + file + ": " + LoadLimits.rootMessage(e), e);
    }
    throw new IOException("cannot load Keras model " + file + ": it is neither HDF5 (.h5, Keras 2 / legacy) nor a "
        + "zip (.keras, Keras 3)");
  }

  /**
   * What a Keras model file is by its first bytes, after checking that it exists (and quieting jHDF's logging).
   *
   * @throws NoSuchFileException if {@code file} is not a regular file
   */
  static FileMagic kind(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "no Keras model file");
    }
    QuietSlf4j.ensure();
    return FileMagic.of(file);
  }

  // ------------------------------------------------------------------ HDF5 (Keras 2, tf.keras, Keras 3 legacy)

  private static Sequential fromHdf5(HdfFile h5, LayerRegistry registry, long fileSize, String source) {
    String version = Hdf5Strings.stringAttr(h5, "keras_version");
    Node weightsNode = h5.getChildren().get("model_weights");
    if (version == null && weightsNode != null) {
      version = Hdf5Strings.stringAttr(weightsNode, "keras_version");
    }
    checkVersion(version);
    String json = Hdf5Strings.stringAttr(h5, "model_config");
    if (json == null) {
      throw new IllegalArgumentException("the file has no `model_config` attribute (a weights-only file from "
          + "save_weights?); only full models saved with model.save() can be loaded");
    }
    Map<String, Object> config = Json.readObject(json, "model_config");
    if (KerasDialect.beforeKeras3(version)) {
      KerasDialect.useKeras2Semantics(config);
    }
    Sequential model = build(config, registry, LoadLimits.maxExpandedBytes(fileSize), source + " (its weights may "
        + "take at most " + LoadLimits.MAX_EXPANSION + " times its size)");
    if (!(weightsNode instanceof Group)) {
      if (!model.weights().isEmpty()) {
        throw new IllegalArgumentException("the file has no `model_weights` group");
      }
      return model;
    }
    Group weights = (Group) weightsNode;
    boolean theano = "theano".equals(Hdf5Strings.stringAttr(h5, "backend"))
        || "theano".equals(Hdf5Strings.stringAttr(weights, "backend"));
    Map<String, Group> byName = new LinkedHashMap<>();
    String[] layerNames = Hdf5Strings.names(weights, "layer_names");
    for (String name : layerNames == null ? weights.getChildren().keySet().toArray(new String[0]) : layerNames) {
      Node g = weights.getChildren().get(name);
      if (!(g instanceof Group)) {
        throw new IllegalArgumentException("model_weights lists layer '" + name + "' but has no group for it");
      }
      byName.put(name, (Group) g);
    }
    List<float[]> values = new ArrayList<>();
    Set<String> used = new LinkedHashSet<>();
    for (Layer layer : model.layers()) {
      List<Parameter> ps = layer.weights();
      if (ps.isEmpty()) {
        continue;
      }
      Group g = byName.get(layer.name());
      if (g == null) {
        throw new IllegalArgumentException("model_weights has no group for layer '" + layer.name() + "' ("
            + layer.className() + ")");
      }
      used.add(layer.name());
      String[] weightNames = Hdf5Strings.names(g, "weight_names");
      List<Dataset> datasets = new ArrayList<>();
      for (String w : weightNames == null ? new String[0] : weightNames) {
        Node d = g.getByPath(w);
        if (!(d instanceof Dataset)) {
          throw new IllegalArgumentException("layer '" + layer.name() + "' lists weight '" + w + "' but the file "
              + "has no dataset for it");
        }
        datasets.add((Dataset) d);
      }
      List<float[]> own = layerWeights(layer, datasets, "model_weights/" + layer.name());
      if (theano && THEANO_FLIPPED.contains(layer.className())) {
        own.set(0, flipSpatial(own.get(0), ps.get(0).shape().toArray()));
      }
      values.addAll(own);
    }
    for (Map.Entry<String, Group> e : byName.entrySet()) {
      String[] w = Hdf5Strings.names(e.getValue(), "weight_names");
      if (!used.contains(e.getKey()) && w != null && w.length > 0) {
        throw new IllegalArgumentException("model_weights has weights for layer '" + e.getKey() + "', which the "
            + "model does not have or which has no weights in dropout4j");
      }
    }
    model.setWeights(values);
    return model;
  }

  /**
   * The layers whose kernel Keras 2 converts when loading a file saved with the theano backend (its
   * {@code preprocess_weights_for_loading}: theano convolves, TensorFlow correlates).
   */
  private static final Set<String> THEANO_FLIPPED = Set.of("Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose");

  /**
   * Keras' {@code convert_kernel}: the kernel reversed along every spatial axis (all but the last two, input and
   * output channels), which turns a theano convolution kernel into the TensorFlow correlation kernel.
   */
  static float[] flipSpatial(float[] kernel, int[] shape) {
    int spatial = shape.length - 2;
    int inner = shape[shape.length - 2] * shape[shape.length - 1];
    int positions = kernel.length / inner;
    float[] out = new float[kernel.length];
    int[] idx = new int[spatial];
    for (int p = 0; p < positions; p++) {
      int rem = p;
      for (int d = spatial - 1; d >= 0; d--) {
        idx[d] = rem % shape[d];
        rem /= shape[d];
      }
      int q = 0;
      for (int d = 0; d < spatial; d++) {
        q = q * shape[d] + (shape[d] - 1 - idx[d]);
      }
      System.arraycopy(kernel, p * inner, out, q * inner, inner);
    }
    return out;
  }

  // ------------------------------------------------------------------ .keras zip (Keras 3)

  private static Sequential fromKerasZip(Path file, LayerRegistry registry, long fileSize) throws IOException {
    byte[] weights;
    Sequential model;
    ZipFile opened;
    try {
      opened = new ZipFile(file.toFile());
    } catch (IOException e) {
      throw new IOException("cannot load Keras model " + file + ": not a readable zip archive (" + e.getMessage()
          + "); is it a truncated or damaged .keras file?", e);
    }
    try (ZipFile zip = opened) {
      byte[] metadata = entry(zip, "metadata.json", MAX_JSON_BYTES, false);
      if (metadata != null) {
        Map<String, Object> meta = Json.readObject(Json.utf8(metadata, file + "!metadata.json"), "metadata.json");
        Object v = meta.get("keras_version");
        checkVersion(v instanceof String ? (String) v : null);
      }
      byte[] config = entry(zip, "config.json", MAX_JSON_BYTES, true);
      long maxWeights = Math.min(MAX_WEIGHTS_BYTES, LoadLimits.maxExpandedBytes(fileSize));
      model = build(Json.readObject(Json.utf8(config, file + "!config.json"), "config.json"), registry, maxWeights,
          "the " + fileSize + "-byte archive " + file + " (its weights may take at most " + LoadLimits.MAX_EXPANSION
          + " times its size)");
      long modelBytes = 0;
      for (Parameter p : model.weights()) {
        modelBytes += 4L * p.size();
      }
      // the weights, plus optimizer variables (Adam keeps two per weight) and HDF5 metadata
      weights = entry(zip, "model.weights.h5", Math.min(maxWeights, 4 * modelBytes + (16L << 20)), false);
      if (weights == null && zip.getEntry("model.weights.npz") != null) {
        throw new IllegalArgumentException("weights stored as model.weights.npz are not supported (only "
            + "model.weights.h5)");
      }
    }
    if (weights == null) {
      if (!model.weights().isEmpty()) {
        throw new IllegalArgumentException("the archive has no model.weights.h5");
      }
      return model;
    }
    try (HdfFile h5 = Hdf5Files.fromBytes(weights)) {
      Node layersNode = h5.getChildren().get("layers");
      Map<String, Node> groups = layersNode instanceof Group ? ((Group) layersNode).getChildren() : Map.of();
      Map<String, Integer> seen = new HashMap<>();
      Set<String> used = new LinkedHashSet<>();
      List<float[]> values = new ArrayList<>();
      for (Layer layer : model.layers()) {
        String key = Names.snakeCase(layer.className());
        int count = seen.merge(key, 1, Integer::sum) - 1;
        if (count > 0) {
          key = key + "_" + count;
        }
        List<Parameter> ps = layer.weights();
        Node group = groups.get(key);
        Node vars = group instanceof Group ? ((Group) group).getChildren().get("vars") : null;
        List<Dataset> datasets = new ArrayList<>();
        if (group instanceof Group) {
          KerasWeightLayout.collectVars((Group) group, "layers/" + key, datasets);
        }
        if (ps.isEmpty() && datasets.isEmpty()) {
          continue;
        }
        if (vars == null && datasets.isEmpty()) {
          throw new IllegalArgumentException("model.weights.h5 has no layers/" + key + "/vars for layer '"
              + layer.name() + "' (" + layer.className() + ")");
        }
        used.add(key);
        values.addAll(layerWeights(layer, datasets, "layers/" + key + "/vars"));
      }
      for (Map.Entry<String, Node> e : groups.entrySet()) {
        if (used.contains(e.getKey()) || !(e.getValue() instanceof Group)) {
          continue;
        }
        Node vars = ((Group) e.getValue()).getChildren().get("vars");
        if (vars instanceof Group && !((Group) vars).getChildren().isEmpty()) {
          throw new IllegalArgumentException("model.weights.h5 has weights under layers/" + e.getKey() + " that "
              + "no layer of the model uses");
        }
      }
      model.setWeights(values);
    }
    return model;
  }

  /**
   * One known zip entry's bytes, or null if absent and not required; the declared size is checked before
   * allocating and the read stops at the limit whatever the entry claims.
   */
  static byte[] entry(ZipFile zip, String name, long limit, boolean required) throws IOException {
    ZipEntry e = zip.getEntry(name);
    if (e == null) {
      if (required) {
        throw new IllegalArgumentException("the archive has no " + name + " (is it a Keras 3 .keras file?)");
      }
      return null;
    }
    if (e.getSize() > limit) {
      throw new IllegalArgumentException(name + " declares " + e.getSize() + " bytes, more than the limit of " + limit
          + " bytes for it here");
    }
    try (InputStream in = zip.getInputStream(e)) {
      byte[] data = LoadLimits.readAtMost(in, e.getSize() >= 0 ? e.getSize() : limit, name);
      if (e.getSize() >= 0 && data.length != e.getSize()) {
        throw new IllegalArgumentException(name + " holds " + data.length + " bytes, its zip entry declares "
            + e.getSize());
      }
      return data;
    }
  }

  // ------------------------------------------------------------------ shared

  /** The built model for a model config envelope (Sequential, or a functional model that is a chain). */
  @SuppressWarnings("unchecked")
  private static Sequential build(Map<String, Object> config, LayerRegistry registry, long maxBytes, String source) {
    Object cls = config.get("class_name");
    Map<String, Object> envelope = FUNCTIONAL.contains(cls) ? KerasChains.asSequential(config) : config;
    Object c = envelope.get("config");
    Object layers = c instanceof Map ? ((Map<String, Object>) c).get("layers") : c;
    if (layers instanceof List) {
      Set<String> unsupported = new LinkedHashSet<>();
      for (Object l : (List<Object>) layers) {
        Object name = l instanceof Map ? ((Map<String, Object>) l).get("class_name") : null;
        if (name instanceof String && !registry.contains((String) name)) {
          unsupported.add((String) name);
        }
      }
      if (!unsupported.isEmpty()) {
        throw new IllegalArgumentException("unsupported layer class_name(s) " + unsupported + "; known layers: "
            + registry.classNames());
      }
    }
    return LoadLimits.build(envelope, registry, maxBytes, source);
  }

  /** A layer's weights from its datasets, in order; count and shapes are checked before any data is read. */
  static List<float[]> layerWeights(Layer layer, List<Dataset> datasets, String where) {
    List<Parameter> ps = layer.weights();
    if (datasets.size() != ps.size()) {
      throw new IllegalArgumentException(where + " holds " + datasets.size() + " weights, layer '" + layer.name()
          + "' (" + layer.className() + ") has " + ps.size());
    }
    List<float[]> out = new ArrayList<>();
    for (int i = 0; i < ps.size(); i++) {
      Parameter p = ps.get(i);
      Dataset d = datasets.get(i);
      int[] dims = d.getDimensions();
      if (!Arrays.equals(dims, p.shape().toArray())) {
        throw new IllegalArgumentException(where + ": weight " + d.getPath() + " has shape " + Arrays.toString(dims)
            + ", layer '" + layer.name() + "' expects " + p.shape() + " for '" + p.name() + "'");
      }
      Class<?> type = d.getJavaType();
      if (d.isScalar() && (type == Float.class || type == Double.class)) { // a shape () weight (Attention's scale)
        out.add(new float[] {((Number) d.getData()).floatValue()});
        continue;
      }
      if (type != float.class && type != double.class) {
        throw new IllegalArgumentException(where + ": weight " + d.getPath() + " has type " + type
            + "; only float32 and float64 weights can be read");
      }
      Object data = p.size() == 0 ? new float[0] : Hdf5Guard.readFlat(d, where);
      if (data instanceof double[]) {
        double[] dd = (double[]) data;
        float[] f = new float[dd.length];
        for (int k = 0; k < dd.length; k++) {
          f[k] = (float) dd[k];
        }
        data = f;
      }
      FiniteWeights.require((float[]) data, where, "weight " + d.getPath() + " of layer '" + layer.name() + "' ("
          + layer.className() + ")");
      out.add((float[]) data);
    }
    return out;
  }

  static void checkVersion(String version) {
    if (version == null) {
      return; // tfjs and some tools omit it; the config itself is then the judge
    }
    int major;
    try {
      major = Integer.parseInt(version.split("\\.", 2)[0]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("unrecognized keras_version \"" + version + "\"");
    }
    if (major < 2) {
      throw new IllegalArgumentException("the file was written by Keras " + version + "; Keras 1 files are not "
          + "supported (re-save the model with Keras 2 or 3)");
    }
    if (major > NEWEST_MAJOR) {
      throw new IllegalArgumentException("the file was written by Keras " + version + "; the newest supported "
          + "is Keras " + NEWEST_MAJOR + ".x");
    }
  }
}
