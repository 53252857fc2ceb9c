package org.dropout4j.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dropout4j.data.AtomicWrite;
import org.dropout4j.data.TextFiles;
import org.dropout4j.layers.WeightBudget;
import org.dropout4j.models.Functional;
import org.dropout4j.models.Model;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Parameter;

/**
 * TensorFlow.js Layers models ({@code tf.loadLayersModel}): a folder with {@code model.json} and little-endian
 * float32 weight shards, written and read.
 *
 * <p>Export writes what TF.js 4.x loads: {@code format: "layers-model"}, {@code generatedBy},
 * {@code convertedBy}, a Keras-2-style {@code modelTopology} and a {@code weightsManifest} with one group whose
 * weights are concatenated in layer order and split into {@code group1-shardKofN.bin} files of at most
 * {@value #DEFAULT_SHARD_BYTES} bytes (4 MiB, as {@code tensorflowjs_converter} does). Keras 3 configs are
 * translated where TF.js differs: {@code batch_shape} becomes {@code batch_input_shape}, {@code L1}/{@code L2}
 * regularizers become {@code L1L2} (TF.js registers only that class), {@code LecunNormal}/{@code LecunUniform}
 * become {@code LeCunNormal}/{@code LeCunUniform}, and Dense gains {@code activity_regularizer: null}. Models using
 * something TF.js does not have (e.g. the {@code leaky_relu} activation, a GRU with {@code reset_after=true} —
 * Keras 3's default, which TF.js 4.22's GRUCell rejects — global pooling with {@code keepdims=true}, a recurrent
 * layer with {@code return_state=true}) are refused before anything is written, naming the layer. Conv2D, the 2-D
 * pooling layers, Flatten, Reshape, Embedding, SimpleRNN, LSTM and GRU ({@code reset_after=false}) are exported as
 * themselves.
 *
 * <p>Dropout layers TF.js 4.22 does not register are exported as TF.js layers that compute the same thing, each
 * with a returned warning: {@code SpatialDropout2D/3D} as {@code Dropout} with the per-channel {@code noise_shape}
 * (same behaviour), {@code ConcreteDropout} and {@code DropConnectDense} as their wrapped {@code Dense},
 * {@code SparseVariationalDense} as a {@code Dense} with the pruned kernel (their inference computation: TF.js
 * predicts the same, but cannot train them or run Monte Carlo dropout through them). {@code SpatialDropout1D},
 * {@code GaussianDropout}, {@code GaussianNoise} and {@code AlphaDropout} are exported as themselves.
 *
 * <p>Import reads files written by this class, by tfjs-layers' {@code model.save} (including 1.x files whose
 * Sequential config is a bare list) and by {@code tensorflowjs_converter} for Keras Sequential models
 * ({@code modelTopology.model_config}); float32 weights, or weights quantized by the converter to uint8, uint16 or
 * float16, dequantized exactly as TF.js does ({@link TfjsWeights}); only shard paths inside the model's folder.
 *
 * <pre>{@code
 * List<String> warnings = TfjsLayers.export(model, Path.of("web/model"));   // then in JS: await tf.loadLayersModel('model/model.json')
 * Sequential m = TfjsLayers.load(Path.of("web/model"));
 * }</pre>
 */
public final class TfjsLayers {
  /** The converter's default shard size, 4 MiB. */
  public static final int DEFAULT_SHARD_BYTES = 4 * 1024 * 1024;
  /** The model file's name. */
  public static final String MODEL_JSON = "model.json";
  /** The activations TF.js 4.22 registers (by their Keras names). */
  static final Set<String> TFJS_ACTIVATIONS = Set.of("linear", "relu", "sigmoid", "tanh", "softmax", "elu", "selu",
      "softplus", "softsign", "relu6", "swish", "mish", "gelu");
  private static final long MAX_MODEL_JSON_BYTES = 64L << 20;
  /** The shard names an export writes (and may replace in an existing export folder). */
  private static final java.util.regex.Pattern EXPORTED_SHARD = java.util.regex.Pattern.compile(
      "group\\d+-shard\\d+of\\d+\\.bin");

  private TfjsLayers() {
  }

  /** Exports with 4 MiB shards; returns the warnings as {@link #export(Model, Path, int)}. */
  public static List<String> export(Model model, Path dir) throws IOException {
    return export(model, dir, DEFAULT_SHARD_BYTES);
  }

  /**
   * Writes {@code dir/model.json} and {@code dir/group1-shardKofN.bin}.
   *
   * @param model a built {@link Sequential} or {@link Functional} model (a functional model becomes a TF.js
   *     {@code Model} topology; a nested model is inlined as its layers, named {@code <nested>_<layer>})
   * @param dir the output folder, created if needed; written as a whole beside it and renamed into place (a
   *     previous export's {@code model.json} and {@code groupN-shardKofN.bin} files are replaced, other files kept)
   * @param shardBytes the largest shard, in bytes, a positive multiple of 4
   * @throws IllegalStateException if the model is not built
   * @throws IllegalArgumentException if the model uses something TF.js cannot load, or {@code shardBytes} is invalid
   * @return one warning per layer that TF.js 4.22 does not have and that was exported as an equivalent TF.js layer
   *     (naming the layer and what it became), empty if every layer was exported as itself; nothing is printed
   * @throws IOException if writing fails (the previous folder is then left as it was), or {@code dir} holds a
   *     subfolder
   */
  public static List<String> export(Model model, Path dir, int shardBytes) throws IOException {
    if (shardBytes <= 0 || shardBytes % 4 != 0) {
      throw new IllegalArgumentException("Invalid value for argument `shardBytes`: expected a positive multiple of 4, "
          + "received shardBytes=" + shardBytes);
    }
    if (!model.built()) {
      throw new IllegalStateException("cannot export model \"" + model.name() + "\" to TF.js: it is not built yet "
          + "(no weights); call build(), fit() or predict() first");
    }
    TfjsConfigs.Export exported;
    if (model instanceof Functional f) {
      exported = TfjsGraphExport.export(f);
    } else if (model instanceof Sequential s) {
      exported = TfjsConfigs.export(s);
    } else {
      throw new IllegalArgumentException("cannot export model \"" + model.name() + "\" to TF.js: only Sequential and "
          + "Functional models are supported, received " + model.getClass().getSimpleName());
    }
    List<float[]> values = new ArrayList<>();
    for (TfjsConfigs.Weight w : exported.weights()) {
      values.add(w.values());
    }
    byte[] all = BinaryFiles.toLittleEndian(values);
    int shards = Math.max(1, (all.length + shardBytes - 1) / shardBytes);
    List<String> paths = new ArrayList<>();
    for (int k = 1; k <= shards; k++) {
      paths.add("group1-shard" + k + "of" + shards + ".bin");
    }
    List<Map<String, Object>> specs = new ArrayList<>();
    for (TfjsConfigs.Weight e : exported.weights()) {
      Map<String, Object> w = new LinkedHashMap<>();
      w.put("name", e.name());
      w.put("shape", e.shape());
      w.put("dtype", "float32");
      specs.add(w);
    }
    Map<String, Object> group = new LinkedHashMap<>();
    group.put("paths", paths);
    group.put("weights", specs);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("format", "layers-model");
    json.put("generatedBy", Versions.LIBRARY);
    json.put("convertedBy", Versions.LIBRARY + " TF.js Layers exporter");
    json.put("modelTopology", exported.topology());
    json.put("weightsManifest", List.of(group));
    byte[] jsonBytes = Json.write(json).getBytes(StandardCharsets.UTF_8);

    // the whole folder at once: written beside the target, then renamed into place, so a reader (or a crash) never
    // mixes the shards of two exports
    AtomicWrite.writeFolder(dir, name -> name.equals(MODEL_JSON) || EXPORTED_SHARD.matcher(name).matches(), tmp -> {
      for (int k = 0; k < shards; k++) {
        int from = k * shardBytes;
        int to = Math.min(all.length, from + shardBytes);
        Files.write(tmp.resolve(paths.get(k)), java.util.Arrays.copyOfRange(all, from, to));
      }
      Files.write(tmp.resolve(MODEL_JSON), jsonBytes);
    });
    return exported.warnings();
  }

  /** Imports with the standard layers; {@code path} is the folder or its {@code model.json}. */
  public static Sequential load(Path path) throws IOException {
    return load(path, LayerRegistry.standard());
  }

  /**
   * Reads a TF.js Layers model into a built {@link Sequential} with its weights (not compiled).
   *
   * @param path the model folder or the {@code model.json} file itself
   * @param registry the layer types to accept
   * @throws IOException if a file is missing, too short or too long, or the model cannot be read (a functional
   *     model is refused here: read it with {@link #loadModel(Path)}); the message names the file and the problem
   */
  public static Sequential load(Path path, LayerRegistry registry) throws IOException {
    Model model = loadModel(path, registry);
    if (!(model instanceof Sequential s)) {
      throw new IOException("cannot load TF.js model " + path + " as Sequential: it is a functional model (class_name "
          + "Model); read it with TfjsLayers.loadModel or Models.loadModel");
    }
    return s;
  }

  /** Reads a TF.js Layers model, Sequential or functional, with the standard layers; see {@link #loadModel(Path, LayerRegistry)}. */
  public static Model loadModel(Path path) throws IOException {
    return loadModel(path, LayerRegistry.standard());
  }

  /**
   * Reads a TF.js Layers model into a built model with its weights (not compiled): a {@link Sequential}, or a
   * {@link Functional} for a {@code Model} / {@code Functional} topology (inbound nodes as nested lists, several
   * inputs and outputs, shared layers, merges), weights matched by their manifest names.
   *
   * @param path the model folder or the {@code model.json} file itself
   * @param registry the layer types to accept
   * @throws IOException if a file is missing, too short or too long, or the model cannot be read; the message names
   *     the file and the problem
   */
  @SuppressWarnings("unchecked")
  public static Model loadModel(Path path, LayerRegistry registry) throws IOException {
    boolean folder = Files.isDirectory(path);
    Path jsonFile = folder ? path.resolve(MODEL_JSON) : path;
    if (!Files.exists(jsonFile, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(jsonFile)) {
      throw new NoSuchFileException(jsonFile.toString(), null, "no TF.js model.json");
    }
    try {
      Path dir = folder ? path.toRealPath() : jsonFile.toRealPath().getParent();
      if (folder) {
        jsonFile = LoadLimits.confined(dir, MODEL_JSON, "model file");
      } else if (!Files.isRegularFile(jsonFile)) {
        throw new NoSuchFileException(jsonFile.toString(), null, "no TF.js model.json");
      }
      Map<String, Object> json = Json.readObject(TextFiles.readUtf8(jsonFile, MAX_MODEL_JSON_BYTES), "model.json");
      Object format = json.get("format");
      if (format != null && !"layers-model".equals(format)) {
        throw new IllegalArgumentException("format is " + Json.write(format) + ": only \"layers-model\" can be read "
            + "(graph models hold TensorFlow ops, not layers)");
      }
      Object topology = json.get("modelTopology");
      if (!(topology instanceof Map)) {
        throw new IllegalArgumentException("missing `modelTopology`");
      }
      Map<String, Object> top = (Map<String, Object>) topology;
      if (top.get("model_config") instanceof Map) {
        top = (Map<String, Object>) top.get("model_config"); // tensorflowjs_converter from Keras
      }
      KerasDialect.useKeras2Semantics(top); // TF.js computes as Keras 2 does
      // validation before allocation: the manifest's shapes, the shard files' sizes and the budget first
      List<TfjsWeights.Group> groups = TfjsWeights.groups(json.get("weightsManifest"), dir);
      long present = 0;
      for (TfjsWeights.Group g : groups) {
        present += 4 * g.elements; // float32 once read, whatever the shards store
      }
      LoadLimits.checkBudget("the weightsManifest of " + jsonFile, present);
      String source = "the " + present + " bytes of weight shards (as float32) listed in " + jsonFile;
      Model model;
      if (KerasGraphConfig.isFunctional(top)) {
        Map<String, Object> graph = top;
        model = WeightBudget.within(present / 4, source, () -> {
          Functional f = KerasGraphConfig.build(graph, registry);
          f.build();
          LoadLimits.checkActivations(f);
          return f;
        });
      } else {
        model = LoadLimits.build(top, registry, present, source);
      }
      Map<String, float[]> values = TfjsWeights.read(groups);
      List<float[]> ordered = new ArrayList<>();
      for (Parameter p : model.weights()) {
        float[] v = values.remove(p.name());
        if (v == null) {
          throw new IllegalArgumentException("weightsManifest has no weight named '" + p.name() + "' (shape "
              + p.shape() + ")");
        }
        if (v.length != p.size()) {
          throw new IllegalArgumentException("weight '" + p.name() + "' has " + v.length + " values in the manifest, "
              + "the layer expects shape " + p.shape());
        }
        ordered.add(v);
      }
      if (!values.isEmpty()) {
        throw new IllegalArgumentException("weightsManifest has weights no layer uses: " + values.keySet());
      }
      FiniteWeights.require(model, ordered, "weightsManifest");
      model.setWeights(ordered);
      return model;
    } catch (RuntimeException e) {
      throw new IOException("cannot load TF.js model " + jsonFile + ": " + LoadLimits.rootMessage(e), e);
    }
  }
}
