package org.dropout4j.io;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.dropout4j.internal.Names;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.Layer;
import org.dropout4j.layers.Operation;
import org.dropout4j.models.Functional;
import org.dropout4j.models.Model;
import org.dropout4j.tensor.Parameter;

/**
 * Reads any Keras model file dropout4j can build: a Sequential model (as {@link KerasImport#load}) or a functional
 * graph (Keras 2 {@code Model}, tf.keras / Keras 3 {@code Functional}) as a {@link Functional}, with its weights,
 * from a Keras 3 {@code .keras} zip or an HDF5 {@code .h5} file.
 *
 * <pre>{@code
 * Model model = KerasGraphImport.load(Path.of("two_towers.keras"));
 * List<Tensor> outputs = model.predict(List.of(a, b), 32);
 * }</pre>
 */
public final class KerasGraphImport {
  private KerasGraphImport() {
  }

  /**
   * Reads a Keras {@code .keras} or {@code .h5} model (recognized by content).
   *
   * @throws IOException if the file cannot be read or holds a model dropout4j cannot build; the message names the
   *     file, the layer and the problem
   */
  public static Model load(Path file) throws IOException {
    return load(file, LayerRegistry.standard());
  }

  /** {@link #load(Path)} with a given registry of layer types. */
  public static Model load(Path file, LayerRegistry registry) throws IOException {
    FileMagic kind = KerasImport.kind(file);
    long fileSize = Files.size(file);
    try {
      if (kind == FileMagic.HDF5) {
        try (HdfFile h5 = Hdf5Files.open(file)) {
          String json = Hdf5Strings.stringAttr(h5, "model_config");
          Map<String, Object> config = json == null ? null : Json.readObject(json, "model_config");
          if (config == null
              || !KerasGraphConfig.isFunctional(config) && !KerasGraphCalls.hasNestedModel(config)) {
            return KerasImport.load(file, registry);
          }
          String version = Hdf5Strings.stringAttr(h5, "keras_version");
          Node weights = h5.getChildren().get("model_weights");
          if (version == null && weights != null) {
            version = Hdf5Strings.stringAttr(weights, "keras_version");
          }
          KerasImport.checkVersion(version);
          Functional model = LoadLimits.buildFunctional(config, registry, LoadLimits.maxExpandedBytes(fileSize),
              "the " + fileSize + "-byte file " + file + " (its weights may take at most " + LoadLimits.MAX_EXPANSION
              + " times its size)");
          if (weights instanceof Group) {
            List<float[]> values = new ArrayList<>();
            h5Weights(model, (Group) weights, values);
            model.setWeights(values);
          } else if (!model.weights().isEmpty()) {
            throw new IllegalArgumentException("the file has no `model_weights` group");
          }
          return model;
        }
      }
      return fromZip(file, registry, fileSize);
    } catch (java.util.zip.ZipException e) {
      throw new IOException("cannot load Keras model " + file + ": it is neither HDF5 (.h5) nor a readable zip "
          + "archive (.keras): " + e.getMessage() + "; is it truncated or damaged?", e);
    } catch (io.jhdf.exceptions.HdfException e) {
      throw new IOException("cannot load Keras model " + file + ": " + Hdf5Guard.describe(e), e);
    } catch (RuntimeException e) {
      // untrusted bytes: whatever a parser throws becomes one IOException naming the file
      throw new IOException("cannot load Keras model " + file + ": " + LoadLimits.rootMessage(e), e);
    }
  }

  private static Model fromZip(Path file, LayerRegistry registry, long fileSize) throws IOException {
    byte[] weights;
    Functional model;
    try (ZipFile zip = new ZipFile(file.toFile())) {
      byte[] metadata = KerasImport.entry(zip, "metadata.json", KerasImport.MAX_JSON_BYTES, false);
      if (metadata != null) {
        Object v = Json.readObject(Json.utf8(metadata, file + "!metadata.json"), "metadata.json").get("keras_version");
        KerasImport.checkVersion(v instanceof String ? (String) v : null);
      }
      byte[] config = KerasImport.entry(zip, "config.json", KerasImport.MAX_JSON_BYTES, true);
      Map<String, Object> envelope = Json.readObject(Json.utf8(config, file + "!config.json"), "config.json");
      if (!KerasGraphConfig.isFunctional(envelope) && !KerasGraphCalls.hasNestedModel(envelope)) {
        return KerasImport.load(file, registry);
      }
      // validation before allocation: the graph is built within the budget the archive's size allows, and the
      // weights entry is read only up to what the built model's weights (and optimizer state) can take
      long maxWeights = Math.min(KerasImport.MAX_WEIGHTS_BYTES, LoadLimits.maxExpandedBytes(fileSize));
      model = LoadLimits.buildFunctional(envelope, registry, maxWeights, "the " + fileSize + "-byte archive " + file
          + " (its weights may take at most " + LoadLimits.MAX_EXPANSION + " times its size)");
      long modelBytes = 0;
      for (Parameter p : model.weights()) {
        modelBytes += 4L * p.size();
      }
      weights = KerasImport.entry(zip, "model.weights.h5", Math.min(maxWeights, 4 * modelBytes + (16L << 20)),
          false);
    }
    if (weights == null) {
      if (!model.weights().isEmpty()) {
        throw new IllegalArgumentException("the archive has no model.weights.h5");
      }
      return model;
    }
    try (HdfFile h5 = Hdf5Files.fromBytes(weights)) {
      List<float[]> values = new ArrayList<>();
      zipWeights(model, h5.getChildren().get("layers"), "layers", values);
      model.setWeights(values);
    }
    return model;
  }

  /**
   * Keras 3's layout: {@code layers/<key>/vars/<i>}, the key the snake_case class name numbered per class in layer
   * order ({@code dense}, {@code dense_1}, ...; inputs count as {@code input_layer}), a nested model's layers under
   * its own key's {@code layers}.
   */
  private static void zipWeights(Functional model, Node layersNode, String where, List<float[]> values) {
    Map<String, Node> groups = layersNode instanceof Group ? ((Group) layersNode).getChildren() : Map.of();
    Map<String, Integer> seen = new HashMap<>();
    for (Operation op : model.operations()) {
      if (op instanceof KerasOpLayer) {
        continue; // Keras 3 saves no state for an op node
      }
      String key = Names.snakeCase(op instanceof Input ? "InputLayer" : op.className());
      int count = seen.merge(key, 1, Integer::sum) - 1;
      key = count > 0 ? key + "_" + count : key;
      Node group = groups.get(key);
      if (op instanceof Functional) {
        Node inner = group instanceof Group ? ((Group) group).getChildren().get("layers") : null;
        zipWeights((Functional) op, inner, where + "/" + key + "/layers", values);
        continue;
      }
      if (op instanceof Input || ((Layer) op).weights().isEmpty()) {
        continue;
      }
      if (!(group instanceof Group)) {
        throw new IllegalArgumentException("model.weights.h5 has no " + where + "/" + key + " for layer '"
            + op.name() + "' (" + op.className() + ")");
      }
      List<Dataset> datasets = new ArrayList<>();
      // its own vars, then those of a recurrent layer's cell or a wrapper's layers, as Keras 3 nests them
      KerasWeightLayout.collectVars((Group) group, where + "/" + key, datasets);
      values.addAll(KerasImport.layerWeights((Layer) op, datasets, where + "/" + key + "/vars"));
    }
  }

  /**
   * The legacy HDF5 layout: {@code model_weights/<layer name>} with {@code weight_names}; a nested model's group
   * lists the weights of all its layers in Keras' legacy order ({@link #nestedH5Weights}).
   */
  private static void h5Weights(Functional model, Group root, List<float[]> values) {
    for (Operation op : model.operations()) {
      if (op instanceof Input) {
        continue;
      }
      Node g = root.getChildren().get(op.name());
      if (op instanceof Functional) {
        nestedH5Weights((Functional) op, g, values);
      } else if (!((Layer) op).weights().isEmpty()) {
        values.addAll(KerasImport.layerWeights((Layer) op, datasets(g, "", op.name()), "model_weights/" + op.name()));
      }
    }
  }

  /**
   * A nested model's weights from its group. Keras' legacy HDF5 order is positional, not by name (the names are the
   * variables' paths, which depend on the model being built when they were created, e.g.
   * {@code functional_26/enc/dense_45/kernel}): the nested model's trainable weights, then its non-trainable ones
   * (moving statistics, frozen layers), each in layer order, as its {@code _legacy_weights} lists them.
   */
  private static void nestedH5Weights(Functional nested, Node g, List<float[]> values) {
    if (!(g instanceof Group)) {
      throw new IllegalArgumentException("model_weights has no group for nested model '" + nested.name() + "'");
    }
    String[] names = Hdf5Strings.names((Group) g, "weight_names");
    names = names == null ? new String[0] : names;
    List<Layer> layers = nested.layers();
    List<int[]> legacy = new ArrayList<>();
    for (boolean trainable : new boolean[] {true, false}) {
      for (int l = 0; l < layers.size(); l++) {
        List<org.dropout4j.tensor.Parameter> ps = layers.get(l).weights();
        for (int i = 0; i < ps.size(); i++) {
          if (ps.get(i).trainable() == trainable) {
            legacy.add(new int[] {l, i});
          }
        }
      }
    }
    String where = "model_weights/" + nested.name();
    if (names.length != legacy.size()) {
      throw new IllegalArgumentException(where + " holds " + names.length + " weights, nested model '"
          + nested.name() + "' has " + legacy.size());
    }
    Dataset[][] byLayer = new Dataset[layers.size()][];
    for (int l = 0; l < layers.size(); l++) {
      byLayer[l] = new Dataset[layers.get(l).weights().size()];
    }
    for (int k = 0; k < names.length; k++) {
      Node d = ((Group) g).getByPath(names[k]);
      if (!(d instanceof Dataset)) {
        throw new IllegalArgumentException("nested model '" + nested.name() + "' lists weight '" + names[k]
            + "' but the file has no dataset for it");
      }
      byLayer[legacy.get(k)[0]][legacy.get(k)[1]] = (Dataset) d;
    }
    for (int l = 0; l < layers.size(); l++) {
      if (byLayer[l].length > 0) {
        values.addAll(KerasImport.layerWeights(layers.get(l), java.util.Arrays.asList(byLayer[l]),
            where + "/" + layers.get(l).name()));
      }
    }
  }

  private static List<Dataset> datasets(Node group, String prefix, String layer) {
    if (!(group instanceof Group)) {
      throw new IllegalArgumentException("model_weights has no group for layer '" + layer + "'");
    }
    String[] names = Hdf5Strings.names((Group) group, "weight_names");
    List<Dataset> out = new ArrayList<>();
    for (String w : names == null ? new String[0] : names) {
      if (!w.startsWith(prefix)) {
        continue;
      }
      Node d = ((Group) group).getByPath(w);
      if (!(d instanceof Dataset)) {
        throw new IllegalArgumentException("layer '" + layer + "' lists weight '" + w + "' but the file has no "
            + "dataset for it");
      }
      out.add((Dataset) d);
    }
    return out;
  }
}
