package org.dropout4j.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.DenseWrapper;
import org.dropout4j.layers.DropoutFamily;
import org.dropout4j.layers.Layer;
import org.dropout4j.layers.RecurrentLayer;
import org.dropout4j.layers.SparseVariationalDense;
import org.dropout4j.layers.regularization.ChannelDropout;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;

/**
 * A built model as what tfjs-layers 4.22 deserializes: Keras 3 configs in their Keras-2 form, and layers TF.js does
 * not register replaced by TF.js layers that compute the same thing.
 *
 * <p>The replacements (dialect rewrites by class name in {@link #SUBSTITUTES}; dropout-family members by what they
 * are; a layer of a class TF.js does not register ({@link #TFJS_LAYERS}) and without a replacement is refused,
 * naming it):
 * <ul>
 *   <li>a channel dropout TF.js lacks ({@code SpatialDropout2D} / {@code SpatialDropout3D}): {@code Dropout} with the
 *       per-channel
 *       {@code noise_shape} ({@code [null, 1, 1, C]} for channels_last, {@code [null, C, 1, 1]} for
 *       channels_first): the same layer in training and at inference;</li>
 *   <li>a dropout-family Dense wrapper ({@code ConcreteDropout}, {@code DropConnectDense}): its wrapped {@code Dense} with its kernel and bias, what
 *       they compute at inference (Concrete dropout passes its input unchanged at inference, DropConnect uses the
 *       full kernel); the learned {@code p_logit} and the weight masking are not exported;</li>
 *   <li>{@code SparseVariationalDense}: a {@code Dense} with the pruned kernel {@code theta * (log_alpha <= threshold)}
 *       and the bias, what it computes at inference; {@code log_sigma2} is not exported.</li>
 * </ul>
 * Each replacement adds one warning naming the layer and what it became; an {@code AlphaDropout} whose
 * {@code noise_shape} has {@code null} entries is exported as itself with a warning (TF.js cannot train it). A Dense {@code activity_regularizer} is
 * exported as {@code null}, with a warning: TF.js 4.22 loads such a layer but refuses to call it ("Layer invocation
 * in the presence of activity regularizer(s) is not supported yet"), and the penalty only matters in training. {@code SpatialDropout1D},
 * {@code GaussianDropout}, {@code GaussianNoise} and {@code AlphaDropout} are registered by TF.js 4.22 and exported
 * as themselves.
 */
final class TfjsConfigs {
  /** One exported weight: its TF.js name ({@code <layer>/kernel}), shape and values. */
  record Weight(String name, List<Integer> shape, float[] values) {
  }

  /** A layer as exported: TF.js class name, Keras 3 config (translated later), weights, and a warning or null. */
  record Exported(String className, Map<String, Object> config, List<Weight> weights, String warning) {
  }

  /** The TF.js form of one layer type TF.js does not have. */
  @FunctionalInterface
  interface Substitute {
    Exported export(Layer layer);
  }

  /** The whole model: {@code modelTopology}, the weights in layer order, the warnings. */
  record Export(Map<String, Object> topology, List<Weight> weights, List<String> warnings) {
  }

  /**
   * Dialect rewrites by class name: layer types whose TF.js 4.22 form differs (or is missing) and that are not in the
   * dropout family. Dropout-family members TF.js does not register are handled by what they are
   * ({@link #substitute}), not by name.
   */
  static final Map<String, Substitute> SUBSTITUTES = Map.of(
      "SparseVariationalDense", TfjsConfigs::prunedDense,
      "AlphaDropout", TfjsConfigs::alphaDropout,
      "ReLU", TfjsActivationLayers::relu,
      "LeakyReLU", TfjsActivationLayers::leakyRelu);

  /**
   * The layer classes TF.js 4.22 registers and reads in the form dropout4j writes them; a layer of any other class
   * without a substitute is refused by name rather than written into a file TF.js cannot load.
   */
  static final Set<String> TFJS_LAYERS = Set.of("InputLayer", "Dense", "Activation", "Dropout", "SpatialDropout1D",
      "GaussianDropout", "GaussianNoise", "AlphaDropout", "Conv1D", "Conv2D", "DepthwiseConv2D", "SeparableConv2D",
      "MaxPooling1D", "MaxPooling2D", "AveragePooling1D", "AveragePooling2D", "GlobalAveragePooling1D",
      "GlobalAveragePooling2D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "BatchNormalization",
      "LayerNormalization", "Flatten", "Reshape", "Embedding", "SimpleRNN", "GRU", "LSTM", "ReLU", "LeakyReLU", "ELU", "PReLU",
      "ThresholdedReLU", "Softmax", "TimeDistributed", "Bidirectional", "Add", "Multiply", "Average",
      "Maximum", "Minimum", "Concatenate", "Dot", "Masking",
      "ZeroPadding2D", "Cropping2D", "UpSampling2D", "RepeatVector", "Permute",
      "Conv2DTranspose", "Conv3D", "MaxPooling3D", "AveragePooling3D", "Rescaling");

  /**
   * The TF.js 4.22 layer classes that accept a mask ({@code supportsMasking}); any other TF.js layer throws "does not
   * support masking, but was passed an inputMask" when a mask reaches it (GlobalAveragePooling1D included: TF.js'
   * averages every step).
   */
  static final Set<String> TFJS_MASKING = Set.of("Dense", "Activation", "Dropout", "SpatialDropout1D",
      "GaussianNoise", "GaussianDropout", "AlphaDropout", "BatchNormalization", "LayerNormalization", "SimpleRNN",
      "GRU", "LSTM", "TimeDistributed", "Bidirectional", "Add", "Multiply", "Average", "Maximum", "Minimum",
      "Concatenate", "Dot", "Masking", "ReLU", "PReLU");

  private TfjsConfigs() {
  }

  /**
   * Refuses, naming the layer, a layer that a mask ({@code Embedding(mask_zero=True)}, {@code Masking}) reaches and
   * whose TF.js form {@code tfjsClass} does not support masking: TF.js would refuse to load the model.
   *
   * @return whether the layer's output carries a mask
   */
  static boolean checkMask(Layer layer, String tfjsClass, boolean inputMasked) {
    if (inputMasked && !TFJS_MASKING.contains(tfjsClass)) {
      throw new IllegalArgumentException("cannot export " + owner(layer) + " to TF.js: a mask (from Embedding("
          + "mask_zero=True) or Masking) reaches it, and TF.js 4.22's " + tfjsClass + " does not support masking ("
          + "it refuses to load the model: \"does not support masking, but was passed an inputMask\")");
    }
    boolean zeroOutput = layer instanceof org.dropout4j.layers.Bidirectional bi ? bi.forwardLayer().returnSequences()
        : layer instanceof RecurrentLayer rnn && rnn.zeroOutputForMask();
    if (inputMasked && zeroOutput) {
      throw new IllegalArgumentException("cannot export " + owner(layer) + " to TF.js: a mask reaches it and it gives "
          + "zeros at masked steps (zero_output_for_mask, which Keras forces in a Bidirectional with "
          + "return_sequences), while TF.js 4.22 repeats the previous output there");
    }
    return layer.outputMasked(inputMasked);
  }

  /**
   * The TF.js topology and weights of a built model.
   *
   * @throws IllegalArgumentException naming the layer if it uses something TF.js does not have
   */
  @SuppressWarnings("unchecked")
  static Export export(Sequential model) {
    Map<String, Object> envelope = ModelJson.toConfig(model);
    Map<String, Object> config = (Map<String, Object>) envelope.get("config");
    List<Object> envelopes = (List<Object>) config.get("layers");
    List<Layer> layers = model.layers();
    int offset = envelopes.size() - layers.size();
    List<Object> out = new ArrayList<>();
    List<Weight> weights = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    boolean masked = false;
    java.util.Set<String> names = new java.util.HashSet<>();
    for (Layer l : layers) {
      names.add(l.name());
    }
    for (int i = 0; i < envelopes.size(); i++) {
      Map<String, Object> env = (Map<String, Object>) envelopes.get(i);
      String cls = (String) env.get("class_name");
      Map<String, Object> c = (Map<String, Object>) env.get("config");
      Map<String, Object> tf = new LinkedHashMap<>();
      if (i < offset) {
        tf.put("class_name", cls);
        tf.put("config", inputLayer(c));
      } else {
        Layer layer = layers.get(i - offset);
        List<Weight> own = new ArrayList<>();
        tf = layerEntry(layer, c, own, warnings);
        masked = checkMask(layer, (String) tf.get("class_name"), masked);
        if (!TfjsNames.valid(layer.name())) {
          String to = TfjsNames.sanitized(layer.name());
          for (int n = 1; !names.add(to); n++) {
            to = TfjsNames.sanitized(layer.name()) + "_" + n;
          }
          tf = TfjsGraphExport.renamed(tf, own, layer.name(), to);
          warnings.add(TfjsNames.warning(layer.name(), to));
        }
        weights.addAll(own);
      }
      out.add(tf);
    }
    Map<String, Object> seq = new LinkedHashMap<>();
    seq.put("name", config.get("name"));
    seq.put("layers", out);
    Map<String, Object> top = new LinkedHashMap<>();
    top.put("class_name", envelope.get("class_name"));
    top.put("config", seq);
    return new Export(top, weights, warnings);
  }

  /**
   * One layer as TF.js deserializes it ({@code class_name} and translated config), its weights appended to
   * {@code weights} and its warning, if it was replaced by an equivalent, to {@code warnings}.
   *
   * @throws IllegalArgumentException naming the layer if TF.js 4.22 cannot express it
   */
  static Map<String, Object> layerEntry(Layer layer, Map<String, Object> config, List<Weight> weights,
      List<String> warnings) {
    TfjsLimits.requireSupported(layer, config);
    TfjsLimits.rewrite(layer, config);
    Substitute s = substitute(layer);
    Exported e = s == null ? asIs(layer, config) : s.export(layer);
    Map<String, Object> tf = new LinkedHashMap<>();
    tf.put("class_name", e.className());
    if (e.warning() != null) {
      warnings.add(e.warning());
    }
    Map<String, Object> c = e.className().equals("Bidirectional") ? bidirectional(layer, e.config(), warnings)
        : e.config();
    tf.put("config", layer(e.className(), c, warnings));
    weights.addAll(e.weights());
    return tf;
  }

  /**
   * Bidirectional as TF.js builds it: from {@code layer} alone (its backward layer is always the mirror, named
   * {@code backward_<name>}), so the wrapped layer's name loses the {@code forward_} prefix dropout4j and Keras 3
   * give it, and {@code backward_layer} is dropped; a backward layer that is not the mirror is refused.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> bidirectional(Layer layer, Map<String, Object> config, List<String> warnings) {
    Map<String, Object> out = new LinkedHashMap<>(config);
    Map<String, Object> fwd = (Map<String, Object>) config.get("layer");
    Map<String, Object> fwdConfig = new LinkedHashMap<>((Map<String, Object>) fwd.get("config"));
    Object back = config.get("backward_layer");
    if (back instanceof Map<?, ?> b && b.get("config") instanceof Map<?, ?> bc) {
      Map<String, Object> mirror = new LinkedHashMap<>((Map<String, Object>) bc);
      Map<String, Object> expected = new LinkedHashMap<>(fwdConfig);
      mirror.remove("name");
      expected.remove("name");
      expected.put("go_backwards", !Boolean.TRUE.equals(expected.get("go_backwards")));
      if (!mirror.equals(expected) || !fwd.get("class_name").equals(b.get("class_name"))) {
        throw new IllegalArgumentException("cannot export " + owner(layer) + " to TF.js: its backward layer is not "
            + "the mirror of its forward layer, and TF.js 4.22's Bidirectional always builds the mirror");
      }
    }
    out.remove("backward_layer");
    String name = String.valueOf(fwdConfig.get("name"));
    fwdConfig.put("name", name.startsWith("forward_") ? name.substring("forward_".length()) : name);
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("class_name", fwd.get("class_name"));
    inner.put("config", layer(String.valueOf(fwd.get("class_name")), fwdConfig, warnings));
    out.put("layer", inner);
    return out;
  }

  /**
   * How a layer is exported: {@code null} for as itself (TF.js registers its class), a dialect rewrite by class
   * name, or, for a member of the dropout family that TF.js lacks, what it is: a Dense wrapper
   * ({@code DropConnectDense}, {@code ConcreteDropout}) as its Dense, a channel dropout as a {@code Dropout} with
   * the channel noise shape.
   *
   * @throws IllegalArgumentException naming the layer when TF.js has no equivalent
   */
  private static Substitute substitute(Layer layer) {
    String cls = layer.className();
    Substitute s = SUBSTITUTES.get(cls);
    if (s != null || TFJS_LAYERS.contains(cls)) {
      return s;
    }
    if (layer instanceof DropoutFamily && layer instanceof DenseWrapper) {
      return TfjsConfigs::wrappedDense;
    }
    if (layer instanceof ChannelDropout) {
      return TfjsConfigs::spatialAsDropout;
    }
    throw new IllegalArgumentException("cannot export " + owner(layer) + " to TF.js: TF.js 4.22 has no " + cls
        + " layer and dropout4j has no equivalent TF.js layer for it");
  }

  private static Exported asIs(Layer layer, Map<String, Object> config) {
    List<Weight> w = new ArrayList<>();
    for (Parameter p : layer.weights()) {
      w.add(new Weight(p.name(), ModelArchive.dims(p.shape()), p.data().clone()));
    }
    return new Exported(layer.className(), config, w, null);
  }

  static String owner(Layer layer) {
    return "layer \"" + layer.name() + "\" (" + layer.className() + ")";
  }

  /**
   * AlphaDropout as itself; a {@code noise_shape} with {@code null} entries gets a warning, since TF.js 4.22's
   * AlphaDropout draws its mask with that shape as given ("Tensor must have a shape comprised of positive integers
   * but got shape [,4]" in training; inference is unaffected).
   */
  private static Exported alphaDropout(Layer layer) {
    Map<String, Object> c = layer.getConfig();
    Exported same = asIs(layer, c);
    Object noise = c.get("noise_shape");
    if (!(noise instanceof List) || !((List<?>) noise).contains(null)) {
      return same;
    }
    return new Exported(same.className(), c, same.weights(), owner(layer) + " exported as AlphaDropout with "
        + "noise_shape " + Json.write(noise) + ": TF.js 4.22 does not resolve null entries of an AlphaDropout "
        + "noise_shape, so training this model in TF.js fails; predictions are unaffected");
  }

  /** SpatialDropout2D/3D as Dropout with one mask decision per (sample, channel). */
  private static Exported spatialAsDropout(Layer layer) {
    Map<String, Object> c = layer.getConfig();
    Shape in = layer.inputShape();
    boolean channelsFirst = "channels_first".equals(c.get("data_format"));
    int channel = channelsFirst ? 1 : in.rank() - 1;
    List<Integer> noise = new ArrayList<>();
    for (int a = 0; a < in.rank(); a++) {
      noise.add(a == 0 ? null : a == channel ? Integer.valueOf(in.dim(a)) : Integer.valueOf(1));
    }
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("name", c.get("name"));
    d.put("trainable", c.get("trainable"));
    d.put("dtype", c.get("dtype"));
    d.put("rate", c.get("rate"));
    d.put("noise_shape", noise);
    d.put("seed", c.get("seed"));
    String warning = owner(layer) + " exported as Dropout \"" + layer.name() + "\" with noise_shape "
        + Json.write(noise) + ": TF.js 4.22 has no " + layer.className() + "; same behaviour in training and at "
        + "inference, but it reads back as a Dropout";
    return new Exported("Dropout", d, List.of(), warning);
  }

  /** A dropout-family Dense wrapper (DropConnectDense, ConcreteDropout) as its wrapped Dense, named as the wrapper. */
  private static Exported wrappedDense(Layer layer) {
    Dense inner = ((DenseWrapper) layer).layer();
    String lost = String.format(Locale.ROOT, "at inference it computes its Dense alone; its dropout (rate %.4g) is "
        + "not exported", ((DropoutFamily) layer).rate());
    Map<String, Object> c = new LinkedHashMap<>(inner.getConfig());
    c.put("name", layer.name());
    List<Weight> w = new ArrayList<>();
    List<Parameter> p = inner.weights();
    w.add(new Weight(layer.name() + "/kernel", ModelArchive.dims(p.get(0).shape()), p.get(0).data().clone()));
    if (inner.useBias()) {
      w.add(new Weight(layer.name() + "/bias", ModelArchive.dims(p.get(1).shape()), p.get(1).data().clone()));
    }
    String warning = owner(layer) + " exported as Dense \"" + layer.name() + "\" (its wrapped Dense, what it "
        + "computes at inference): TF.js 4.22 has no " + layer.className() + "; " + lost + ", so TF.js predicts "
        + "the same but cannot train it or run Monte Carlo dropout through it";
    return new Exported("Dense", c, w, warning);
  }

  /** SparseVariationalDense as a Dense with the pruned kernel. */
  private static Exported prunedDense(Layer layer) {
    SparseVariationalDense svd = (SparseVariationalDense) layer;
    Map<String, Object> s = svd.getConfig();
    Map<String, Object> c = KerasLayerExport.prunedDenseConfig(svd);
    List<Parameter> p = svd.weights();
    List<Weight> w = new ArrayList<>();
    w.add(new Weight(layer.name() + "/kernel", ModelArchive.dims(p.get(0).shape()), svd.prunedKernel().toArray()));
    if (Boolean.TRUE.equals(s.get("use_bias"))) {
      w.add(new Weight(layer.name() + "/bias", ModelArchive.dims(p.get(2).shape()), p.get(2).data().clone()));
    }
    String warning = String.format(Locale.ROOT, "%s exported as Dense \"%s\" with the pruned kernel theta * "
        + "(log_alpha <= %s) (what it computes at inference; %.1f%% of the weights are 0): TF.js 4.22 has no "
        + "SparseVariationalDense; log_sigma2 is not exported, so TF.js predicts the same but cannot train it or "
        + "run Monte Carlo dropout through it", owner(layer), layer.name(), s.get("threshold"),
        100 * svd.sparsity());
    return new Exported("Dense", c, w, warning);
  }

  static Map<String, Object> inputLayer(Map<String, Object> c) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("batch_input_shape", c.get("batch_shape"));
    Object dtype = c.get("dtype"); // integer ids: TF.js has int32 and no int64
    out.put("dtype", "int32".equals(dtype) || "int64".equals(dtype) ? "int32" : "float32");
    out.put("sparse", false);
    out.put("name", c.get("name"));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> layer(String cls, Map<String, Object> c, List<String> warnings) {
    String owner = "layer \"" + c.get("name") + "\" (" + cls + ")";
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : c.entrySet()) {
      String key = e.getKey();
      Object v = e.getValue();
      if (key.equals("activity_regularizer") && v != null) {
        // tfjs-layers 4.22 refuses to call such a layer ("Layer invocation in the presence of activity
        // regularizer(s) is not supported yet"), so the model would load but never predict
        warnings.add(owner + ": activity_regularizer " + Json.write(v) + " not exported: TF.js 4.22 cannot call a "
            + "layer that has one; it only adds a training penalty, so predictions are unchanged");
        v = null;
      }
      if (key.endsWith("_constraint") && v != null && cls.equals("LayerNormalization")) {
        // tfjs-layers 4.22's LayerNormalization reads no gammaConstraint / betaConstraint: it would drop them silently
        warnings.add(owner + ": " + key + " " + Json.write(v) + " not exported: TF.js 4.22's LayerNormalization has "
            + "no gamma or beta constraint; predictions are unchanged, training in TF.js would not constrain it");
        v = null;
      }
      if ((key.equals("activation") || key.equals("recurrent_activation"))
          && org.dropout4j.layers.activations.Activations.KERAS2_HARD_SIGMOID.equals(v)) {
        v = "hard_sigmoid"; // TF.js' hard_sigmoid is Keras 2's clip(0.2 x + 0.5, 0, 1)
      } else if (key.equals("recurrent_activation") && "hard_sigmoid".equals(v)) {
        throw new IllegalArgumentException("cannot export " + owner + " to TF.js: TF.js' hard_sigmoid is "
            + "clip(0.2 x + 0.5, 0, 1), not Keras 3's relu6(x + 3) / 6 that recurrent_activation=\"hard_sigmoid\" "
            + "computes here");
      } else if (key.equals("activation") && v != null && !TfjsLayers.TFJS_ACTIVATIONS.contains(v)) {
        throw new IllegalArgumentException("cannot export " + owner + " to TF.js: TF.js 4.22 has no activation "
            + "\"" + v + "\" (it has " + new java.util.TreeSet<>(TfjsLayers.TFJS_ACTIVATIONS) + ")");
      }
      if (key.endsWith("_initializer") && v instanceof Map) {
        v = renamed((Map<String, Object>) v, Map.of("LecunNormal", "LeCunNormal", "LecunUniform", "LeCunUniform"));
      }
      if (key.endsWith("_regularizer") && v instanceof Map) {
        v = l1l2((Map<String, Object>) v);
      }
      out.put(key, v);
      if (key.equals("bias_regularizer") && cls.equals("Dense") && !c.containsKey("activity_regularizer")) {
        out.put("activity_regularizer", null);
      }
    }
    return out;
  }

  private static Map<String, Object> renamed(Map<String, Object> env, Map<String, String> names) {
    String cls = (String) env.get("class_name");
    if (!names.containsKey(cls)) {
      return env;
    }
    Map<String, Object> out = new LinkedHashMap<>(env);
    out.put("class_name", names.get(cls));
    return out;
  }

  /** TF.js registers only {@code L1L2}: L1 and L2 become L1L2 with the other factor 0. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> l1l2(Map<String, Object> env) {
    Map<String, Object> c = (Map<String, Object>) env.get("config");
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("l1", c.getOrDefault("l1", 0.0));
    config.put("l2", c.getOrDefault("l2", 0.0));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("class_name", "L1L2");
    out.put("config", config);
    return out;
  }
}
