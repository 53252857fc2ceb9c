package org.dropout4j.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.dropout4j.layers.Bidirectional;
import org.dropout4j.layers.ConcreteDropout;
import org.dropout4j.layers.Configs;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.DropConnectDense;
import org.dropout4j.layers.Layer;
import org.dropout4j.layers.MultiHeadAttention;
import org.dropout4j.layers.RecurrentLayer;
import org.dropout4j.layers.SparseVariationalDense;
import org.dropout4j.layers.TimeDistributed;
import org.dropout4j.layers.activations.Activations;
import org.dropout4j.layers.activations.ThresholdedReLU;
import org.dropout4j.tensor.Parameter;

/**
 * One layer as Keras 3.15 deserializes it: its {@code class_name}, its config and its variables in the nesting of
 * Keras 3's {@code model.weights.h5} ({@code vars/0..n}, then the {@code cell} of a recurrent layer, the
 * {@code forward_layer} / {@code backward_layer} of {@code Bidirectional}, the {@code layer} of
 * {@code TimeDistributed}).
 *
 * <p>Layers Keras 3 does not have are exported as the Keras layer that computes the same thing at inference, each
 * with a warning naming the layer and what it became: {@code ConcreteDropout} and {@code DropConnectDense} as their
 * wrapped {@code Dense} (the input passes unchanged at inference / the full kernel is used),
 * {@code SparseVariationalDense} as a {@code Dense} with the pruned kernel {@code theta * (log_alpha <= threshold)},
 * {@code ThresholdedReLU} (removed in Keras 3) as {@code ReLU(threshold=theta)} (equal everywhere but at
 * {@code x == theta}). A layer with no Keras 3 equivalent, or one using the Keras 2 {@code hard_sigmoid}
 * ({@code clip(0.2 x + 0.5, 0, 1)}, which Keras 3 does not have), is refused naming the layer and the reason.
 */
final class KerasLayerExport {
  /** The layer classes Keras 3.15 registers under the same name and config as dropout4j's. */
  static final Set<String> AS_IS = Set.of("Activation", "AlphaDropout", "Average", "AveragePooling1D",
      "AveragePooling2D", "BatchNormalization", "Bidirectional", "Concatenate", "Conv1D", "Conv2D", "Dense",
      "DepthwiseConv2D", "Dot", "Dropout", "ELU", "Embedding", "Flatten", "GRU", "GaussianDropout", "GaussianNoise",
      "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "InputLayer",
      "LSTM", "LayerNormalization", "LeakyReLU", "MaxPooling1D", "MaxPooling2D", "Maximum", "Minimum", "Multiply", "PReLU", "ReLU", "Reshape",
      "SeparableConv2D", "SimpleRNN", "Softmax", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D",
      "Subtract", "TimeDistributed", "UnitNormalization", "Add",
      "ZeroPadding1D", "ZeroPadding2D", "Cropping1D", "Cropping2D", "UpSampling1D", "UpSampling2D", "RepeatVector",
      "Permute", "Conv2DTranspose", "Conv3D", "MaxPooling3D", "AveragePooling3D", "GlobalMaxPooling3D",
      "GlobalAveragePooling3D", "SeparableConv1D",
      "MultiHeadAttention", "Attention", "AdditiveAttention", "GroupNormalization", "Rescaling", "Masking");

  /** One weight: shape and values. */
  record Weight(int[] shape, float[] values) {
  }

  /** A layer's variables: its own, then named sub-objects', with the {@code name} Keras writes on each group. */
  record Vars(String name, List<Weight> own, Map<String, Vars> sub) {
  }

  /** A layer as exported. */
  record Exported(String className, Map<String, Object> config, Vars vars, String warning) {
  }

  private KerasLayerExport() {
  }

  /**
   * The Keras form of a layer.
   *
   * @throws IllegalArgumentException naming the layer if Keras 3 has no equivalent
   */
  static Exported export(Layer layer) {
    Map<String, Object> config = layer.getConfig();
    requireKerasActivations(layer, config);
    String cls = layer.className();
    if (layer instanceof ConcreteDropout cd) {
      return wrappedDense(layer, cd.layer(), String.format(Locale.ROOT, "the input passes unchanged at inference; "
          + "the learned dropout probability p=%.4g is not exported", cd.p()));
    }
    if (layer instanceof DropConnectDense dc) {
      return wrappedDense(layer, dc.layer(), "the full kernel is used at inference; the weight masking (rate "
          + Configs.number(dc.rate()) + ") is not exported");
    }
    if (layer instanceof SparseVariationalDense svd) {
      return prunedDense(svd);
    }
    if (layer instanceof ThresholdedReLU) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("name", config.get("name"));
      c.put("trainable", config.get("trainable"));
      c.put("dtype", config.get("dtype"));
      c.put("max_value", null);
      c.put("negative_slope", 0.0);
      c.put("threshold", config.get("theta"));
      return new Exported("ReLU", c, new Vars(layer.name(), List.of(), Map.of()), owner(layer) + " exported as "
          + "ReLU(threshold=" + config.get("theta") + "): Keras 3 has no ThresholdedReLU; the two differ only at "
          + "x == theta");
    }
    if (!AS_IS.contains(cls)) {
      throw new IllegalArgumentException("cannot export " + owner(layer) + " to Keras: Keras 3 has no layer "
          + cls + " and dropout4j knows no Keras equivalent of it");
    }
    if (cls.startsWith("SpatialDropout")) {
      // Keras 3's SpatialDropout constructors take no `trainable` (its get_config leaves it out)
      config.remove("trainable");
    }
    return new Exported(cls, config, vars(layer), null);
  }

  /** The variables of a layer exported as itself, nested as Keras 3 saves them. */
  static Vars vars(Layer layer) {
    if (layer instanceof RecurrentLayer) {
      return new Vars(layer.name(), List.of(), Map.of("cell", new Vars(cellName(layer), weights(layer.weights()),
          Map.of())));
    }
    if (layer instanceof Bidirectional b) {
      Map<String, Vars> sub = new LinkedHashMap<>();
      sub.put("forward_layer", vars(b.forwardLayer()));
      sub.put("backward_layer", vars(b.backwardLayer()));
      return new Vars(layer.name(), List.of(), sub);
    }
    if (layer instanceof TimeDistributed t) {
      return new Vars(layer.name(), List.of(), Map.of("layer", vars(t.layer())));
    }
    if (layer instanceof MultiHeadAttention mha) {
      return multiHeadAttentionVars(mha);
    }
    return new Vars(layer.name(), weights(layer.weights()), Map.of());
  }

  /** MultiHeadAttention's EinsumDense sub-layers, each with its kernel and (with use_bias) its bias. */
  private static Vars multiHeadAttentionVars(MultiHeadAttention mha) {
    List<Parameter> ps = mha.weights();
    List<String> names = mha.sublayerNames();
    int per = ps.size() / names.size();
    Map<String, Vars> sub = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      sub.put(KerasWeightLayout.MHA_SUB_OBJECTS.get(names.get(i)), new Vars(names.get(i),
          weights(ps.subList(i * per, (i + 1) * per)), Map.of()));
    }
    return new Vars(mha.name(), List.of(), sub);
  }

  private static String cellName(Layer layer) {
    return org.dropout4j.internal.Names.snakeCase(layer.className()) + "_cell";
  }

  private static List<Weight> weights(List<Parameter> ps) {
    List<Weight> out = new ArrayList<>();
    for (Parameter p : ps) {
      out.add(new Weight(p.shape().toArray(), p.data().clone()));
    }
    return out;
  }

  /** Refuses activations Keras 3 lacks (the Keras 2 hard_sigmoid that dropout4j keeps for old files). */
  private static void requireKerasActivations(Layer layer, Map<String, Object> config) {
    for (String key : List.of("activation", "recurrent_activation")) {
      if (Activations.KERAS2_HARD_SIGMOID.equals(config.get(key))) {
        throw new IllegalArgumentException("cannot export " + owner(layer) + " to Keras: its " + key + " is Keras 2's "
            + "hard_sigmoid clip(0.2 x + 0.5, 0, 1), which Keras 3 does not have (its hard_sigmoid is "
            + "relu6(x + 3) / 6)");
      }
    }
  }

  private static Exported wrappedDense(Layer layer, Dense inner, String lost) {
    Map<String, Object> c = new LinkedHashMap<>(inner.getConfig());
    c.put("name", layer.name());
    String warning = owner(layer) + " exported as Dense \"" + layer.name() + "\" (its wrapped Dense, what it "
        + "computes at inference): Keras 3 has no " + layer.className() + "; " + lost + ", so Keras predicts the "
        + "same but cannot train it or run Monte Carlo dropout through it";
    return new Exported("Dense", c, new Vars(layer.name(), weights(inner.weights()), Map.of()), warning);
  }

  /**
   * The config of the Dense layer a SparseVariationalDense is exported as (its pruned kernel as the kernel): the
   * base keys, units, activation, use_bias and the initializers it shares, no regularizers or constraints.
   */
  static Map<String, Object> prunedDenseConfig(SparseVariationalDense svd) {
    Map<String, Object> s = svd.getConfig();
    Map<String, Object> c = new LinkedHashMap<>();
    for (String k : List.of("name", "trainable", "dtype", "units", "activation", "use_bias", "kernel_initializer",
        "bias_initializer")) {
      c.put(k, s.get(k));
    }
    for (String k : List.of("kernel_regularizer", "bias_regularizer", "kernel_constraint", "bias_constraint")) {
      c.put(k, null);
    }
    return c;
  }

  private static Exported prunedDense(SparseVariationalDense svd) {
    Map<String, Object> s = svd.getConfig();
    Map<String, Object> c = prunedDenseConfig(svd);
    List<Parameter> p = svd.weights();
    List<Weight> w = new ArrayList<>();
    w.add(new Weight(p.get(0).shape().toArray(), svd.prunedKernel().toArray()));
    if (Boolean.TRUE.equals(s.get("use_bias"))) {
      w.add(new Weight(p.get(2).shape().toArray(), p.get(2).data().clone()));
    }
    String warning = String.format(Locale.ROOT, "%s exported as Dense \"%s\" with the pruned kernel theta * "
        + "(log_alpha <= %s) (what it computes at inference; %.1f%% of the weights are 0): Keras 3 has no "
        + "SparseVariationalDense; log_sigma2 is not exported, so Keras predicts the same but cannot train it or "
        + "run Monte Carlo dropout through it", owner(svd), svd.name(), s.get("threshold"), 100 * svd.sparsity());
    return new Exported("Dense", c, new Vars(svd.name(), w, Map.of()), warning);
  }

  static String owner(Layer layer) {
    return "layer \"" + layer.name() + "\" (" + layer.className() + ")";
  }
}
