package org.dropout4j.io;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dropout4j.layers.Activation;
import org.dropout4j.layers.regularization.AlphaDropout;
import org.dropout4j.layers.AveragePooling1D;
import org.dropout4j.layers.AveragePooling2D;
import org.dropout4j.layers.BatchNormalization;
import org.dropout4j.layers.ConcreteDropout;
import org.dropout4j.layers.Conv1D;
import org.dropout4j.layers.Conv2D;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.DropConnectDense;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.layers.Embedding;
import org.dropout4j.layers.Flatten;
import org.dropout4j.layers.GRU;
import org.dropout4j.layers.regularization.GaussianDropout;
import org.dropout4j.layers.regularization.GaussianNoise;
import org.dropout4j.layers.GlobalAveragePooling1D;
import org.dropout4j.layers.GlobalAveragePooling2D;
import org.dropout4j.layers.GlobalMaxPooling1D;
import org.dropout4j.layers.GlobalMaxPooling2D;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.LSTM;
import org.dropout4j.layers.Layer;
import org.dropout4j.layers.MaxPooling1D;
import org.dropout4j.layers.MaxPooling2D;
import org.dropout4j.layers.RecurrentLayer;
import org.dropout4j.layers.Reshape;
import org.dropout4j.layers.SimpleRNN;
import org.dropout4j.layers.SparseVariationalDense;
import org.dropout4j.layers.regularization.SpatialDropout1D;
import org.dropout4j.layers.regularization.SpatialDropout2D;
import org.dropout4j.layers.regularization.SpatialDropout3D;
import org.dropout4j.layers.constraints.Constraint;
import org.dropout4j.layers.constraints.MaxNorm;
import org.dropout4j.layers.regularizers.Regularizer;
import org.dropout4j.tensor.Shape;

/**
 * The from-config factories of the built-in layers, and the one place where they are registered
 * ({@link #registerAll}). A new layer type adds one line there and one factory method here; the factory reads the
 * keys the layer's {@code getConfig()} writes, so writing then reading gives the same JSON string.
 *
 * <p>Accepted forms: Keras 3 ({@code batch_shape}, dtype policies) and Keras 2 / TF.js ({@code batch_input_shape},
 * {@code VarianceScaling} initializers, {@code activity_regularizer: null}).
 */
final class StandardLayers {
  private StandardLayers() {
  }

  /** Registers every built-in layer: the single list to extend when a layer type is added. */
  static void registerAll(Map<String, LayerFactory> registry) {
    registry.put("InputLayer", StandardLayers::inputLayer);
    registry.put("Dense", StandardLayers::dense);
    registry.put("Dropout", StandardLayers::dropout);
    registry.put("Activation", StandardLayers::activation);
    registry.put("SpatialDropout1D", StandardLayers::spatialDropout1D);
    registry.put("SpatialDropout2D", StandardLayers::spatialDropout2D);
    registry.put("SpatialDropout3D", StandardLayers::spatialDropout3D);
    registry.put("GaussianDropout", StandardLayers::gaussianDropout);
    registry.put("GaussianNoise", StandardLayers::gaussianNoise);
    registry.put("AlphaDropout", StandardLayers::alphaDropout);
    registry.put("DropConnectDense", StandardLayers::dropConnectDense);
    registry.put("ConcreteDropout", StandardLayers::concreteDropout);
    registry.put("SparseVariationalDense", StandardLayers::sparseVariationalDense);
    registry.put("Conv2D", StandardLayers::conv2D);
    registry.put("MaxPooling2D", StandardLayers::maxPooling2D);
    registry.put("AveragePooling2D", StandardLayers::averagePooling2D);
    registry.put("GlobalAveragePooling2D", StandardLayers::globalAveragePooling2D);
    registry.put("GlobalMaxPooling2D", StandardLayers::globalMaxPooling2D);
    registry.put("Flatten", StandardLayers::flatten);
    registry.put("Reshape", StandardLayers::reshape);
    registry.put("Embedding", StandardLayers::embedding);
    registry.put("SimpleRNN", config -> recurrent(config, "SimpleRNN"));
    registry.put("GRU", config -> recurrent(config, "GRU"));
    registry.put("LSTM", config -> recurrent(config, "LSTM"));
    ActivationLayers.registerAll(registry);
    WrapperLayers.registerAll(registry);
    NormalizationLayers.registerAll(registry);
    registry.put("BatchNormalization", StandardLayers::batchNormalization);
    registry.put("Conv1D", StandardLayers::conv1D);
    registry.put("MaxPooling1D", config -> pooling1D(config, "MaxPooling1D"));
    registry.put("AveragePooling1D", config -> pooling1D(config, "AveragePooling1D"));
    registry.put("GlobalAveragePooling1D", config -> globalPooling1D(config, "GlobalAveragePooling1D"));
    registry.put("GlobalMaxPooling1D", config -> globalPooling1D(config, "GlobalMaxPooling1D"));
  }

  // ------------------------------------------------------------------ layers

  static Layer inputLayer(Map<String, Object> config) {
    ConfigReader r = ConfigReader.forLayer(config, "InputLayer");
    String name = r.string("name", null);
    List<Integer> dims = r.has("batch_shape") ? r.dims("batch_shape") : r.dims("batch_input_shape");
    r.ignore("batch_shape", "batch_input_shape", "trainable");
    if (dims == null) {
      throw new IllegalArgumentException(r.owner() + ": missing required argument `batch_shape` (Keras 3) or "
          + "`batch_input_shape` (Keras 2)");
    }
    String dtype = inputDtype(r);
    requireFalse(r, "sparse");
    requireFalse(r, "ragged");
    requireFalse(r, "optional");
    r.finish();
    return wrap(r, () -> Input.of(shapeOf(dims, r, "batch_shape"), name).dtype(dtype));
  }

  static Layer dense(Map<String, Object> config) {
    ConfigReader r = ConfigReader.forLayer(config, "Dense");
    Dense.Builder b = Dense.builder(r.requiredInt("units"));
    base(r);
    b.name(r.string("name", null)).trainable(r.bool("trainable", true));
    b.activation(activationName(r, "activation"));
    b.useBias(r.bool("use_bias", true));
    b.kernelInitializer(initializer(r, "kernel_initializer", "glorot_uniform"));
    b.biasInitializer(initializer(r, "bias_initializer", "zeros"));
    b.kernelRegularizer(regularizer(r, "kernel_regularizer"));
    b.biasRegularizer(regularizer(r, "bias_regularizer"));
    b.kernelConstraint(constraint(r, "kernel_constraint"));
    b.biasConstraint(constraint(r, "bias_constraint"));
    b.activityRegularizer(regularizer(r, "activity_regularizer"));
    r.requireNull("lora_rank", "LoRA is not supported");
    r.requireNull("lora_alpha", "LoRA is not supported");
    r.requireNull("quantization_config", "quantization is not supported");
    r.finish();
    return wrap(r, b::build);
  }

  static Layer dropout(Map<String, Object> config) {
    ConfigReader r = ConfigReader.forLayer(config, "Dropout");
    String name = noiseBase(r, "Dropout");
    float rate = r.requiredNumber("rate");
    List<Integer> noiseShape = r.dims("noise_shape");
    Long seed = r.optionalLong("seed");
    r.finish();
    return wrap(r, () -> new Dropout(rate, noiseShape, seed, name));
  }

  static Layer batchNormalization(Map<String, Object> config) {
    ConfigReader r = ConfigReader.forLayer(config, "BatchNormalization");
    base(r);
    String name = r.string("name", null);
    boolean trainable = r.bool("trainable", true);
    Object axis = r.raw("axis");
    if (axis != null && !(axis instanceof Number && ((Number) axis).intValue() == BatchNormalization.AXIS)) {
      throw r.invalid("axis", "-1 (channels last, the only axis supported)", axis);
    }
    r.ignore("axis");
    float momentum = r.number("momentum", BatchNormalization.DEFAULT_MOMENTUM);
    float epsilon = r.number("epsilon", BatchNormalization.DEFAULT_EPSILON);
    boolean center = r.bool("center", true);
    boolean scale = r.bool("scale", true);
    requireInitializer(r, "beta_initializer", "zeros");
    requireInitializer(r, "gamma_initializer", "ones");
    requireInitializer(r, "moving_mean_initializer", "zeros");
    requireInitializer(r, "moving_variance_initializer", "ones");
    r.requireNull("beta_regularizer", "BatchNormalization regularizers are not supported");
    r.requireNull("gamma_regularizer", "BatchNormalization regularizers are not supported");
    r.requireNull("beta_constraint", "BatchNormalization constraints are not supported");
    r.requireNull("gamma_constraint", "BatchNormalization constraints are not supported");
    requireFalse(r, "synchronized");
    requireFalse(r, "renorm");
    r.requireNull("renorm_clipping", "batch renormalization is not supported");
    r.ignore("renorm_momentum");
    r.finish();
    return wrap(r, () -> new BatchNormalization(momentum, epsilon, center, scale, name, trainable));
  }

  private static void requireInitializer(ConfigReader r, String key, String only) {
    String name = initializer(r, key, only);
    if (!name.equals(only)) {
      throw r.invalid(key, "\"" + only + "\" (the only " + key + " supported)", name);
    }
  }

  static Layer spatialDropout1D(Map<String, Object> config) {
    ConfigReader r = ConfigReader.forLayer(config, "SpatialDropout1D");
    String name = noiseBase(r, "SpatialDropout1D");
    float rate = r.requiredNumber("rate");
    Long seed = r.optionalLong("seed");
    r.finish();
    return wrap(r, () -> new SpatialDropout1D(rate, seed, name));
  }

  static Layer spatialDropout2D(Map<String, Object> config) {
    ConfigReader r = ConfigReader.forLayer(config, "SpatialDropout2D");
    String name = noiseBase(r, "SpatialDropout2D");
    float rate = r.requiredNumber("rate");
    Long seed = r.optionalLong("seed");
    String dataFormat = r.string("data_format", null);
    r.finish();
    return wrap(r, () -> new SpatialDropout2D(rate, dataFormat, seed, name));
  }

  static Layer spatialDropout3D(Map<String, Object> config) {
    ConfigReader r = ConfigReader.forLayer(config, "SpatialDropout3D");
    String name = noiseBase(r, "SpatialDropout3D");
    float rate = r.requiredNumber("rate");
    Long seed = r.optionalLong("seed");
    String dataFormat = r.string("data_format", null);
    r.finish();
    return wrap(r, () -> new SpatialDropout3D(rate, dataFormat, seed, name));
  }

  static Layer gaussianDropout(Map<String, Object> config) {
    ConfigReader r = ConfigReader.forLayer(config, "GaussianDropout");
    String name = noiseBase(r, "GaussianDropout");
    float rate = r.requiredNumber("rate");
    Long seed = r.optionalLong("seed");
    r.finish();
    return wrap(r, () -> new GaussianDropout(rate, seed, name));
  }

  static Layer gaussianNoise(Map<String, Object> config) {
    ConfigReader r = ConfigReader.forLayer(config, "GaussianNoise");
    String name = noiseBase(r, "GaussianNoise");
    float stddev = r.requiredNumber("stddev");
    Long seed = r.optionalLong("seed");
    r.finish();
    return wrap(r, () -> new GaussianNoise(stddev, seed, name));
  }

  static Layer alphaDropout(Map<String, Object> config) {
    ConfigReader r = ConfigReader.forLayer(config, "AlphaDropout");
    String name = noiseBase(r, "AlphaDropout");
    float rate = r.requiredNumber("rate");
    List<Integer> noiseShape = r.dims("noise_shape");
    Long seed = r.optionalLong("seed");
    r.finish();
    return wrap(r, () -> new AlphaDropout(rate, noiseShape, seed, name));
  }

  static Layer dropConnectDense(Map<String, Object> config) {
    ConfigReader r = ConfigReader.forLayer(config, "DropConnectDense");
    base(r);
    String name = r.string("name", null);
    Dense inner = innerDense(r);
    boolean trainable = r.bool("trainable", inner.trainable());
    float rate = r.requiredNumber("rate");
    Long seed = r.optionalLong("seed");
    r.finish();
    requireTrainableAsInner(r, trainable, inner);
    return wrap(r, () -> new DropConnectDense(inner, rate, seed, name));
  }

  static Layer concreteDropout(Map<String, Object> config) {
    ConfigReader r = ConfigReader.forLayer(config, "ConcreteDropout");
    base(r);
    String name = r.string("name", null);
    Dense inner = innerDense(r);
    boolean trainable = r.bool("trainable", inner.trainable());
    float weightRegularizer = r.requiredNumber("weight_regularizer");
    float dropoutRegularizer = r.requiredNumber("dropout_regularizer");
    float initMin = r.number("init_min", ConcreteDropout.DEFAULT_INIT_MIN);
    float initMax = r.number("init_max", ConcreteDropout.DEFAULT_INIT_MAX);
    float temperature = r.number("temperature", ConcreteDropout.DEFAULT_TEMPERATURE);
    Long seed = r.optionalLong("seed");
    r.finish();
    requireTrainableAsInner(r, trainable, inner);
    return wrap(r, () -> new ConcreteDropout(inner, weightRegularizer, dropoutRegularizer, initMin, initMax,
        temperature, seed, name));
  }

  static Layer sparseVariationalDense(Map<String, Object> config) {
    ConfigReader r = ConfigReader.forLayer(config, "SparseVariationalDense");
    base(r);
    String name = r.string("name", null);
    if (!r.bool("trainable", true)) {
      throw r.invalid("trainable", "true (SparseVariationalDense cannot be frozen)", false);
    }
    int units = r.requiredInt("units");
    String activation = activationName(r, "activation");
    boolean useBias = r.bool("use_bias", true);
    String kernelInitializer = initializer(r, "kernel_initializer", "glorot_uniform");
    String biasInitializer = initializer(r, "bias_initializer", "zeros");
    float logSigma2Init = r.number("log_sigma2_init", SparseVariationalDense.DEFAULT_LOG_SIGMA2_INIT);
    float threshold = r.number("threshold", SparseVariationalDense.DEFAULT_THRESHOLD);
    int dataSize = r.requiredInt("data_size");
    Long seed = r.optionalLong("seed");
    r.finish();
    return wrap(r, () -> new SparseVariationalDense(units, activation, useBias, kernelInitializer, biasInitializer,
        logSigma2Init, threshold, dataSize, seed, name));
  }

  static Layer activation(Map<String, Object> config) {
    ConfigReader r = ConfigReader.forLayer(config, "Activation");
    base(r);
    String name = r.string("name", null);
    r.bool("trainable", true);
    String activation = activationName(r, "activation");
    r.finish();
    return wrap(r, () -> new Activation(activation, name));
  }

  // ------------------------------------------------------------------ convolution, pooling, reshaping

  static Layer conv2D(Map<String, Object> config) {
    ConfigReader r = ConfigReader.forLayer(config, "Conv2D");
    int filters = r.requiredInt("filters");
    int[] k = intOrPair(r, "kernel_size", null);
    if (k == null) {
      throw new IllegalArgumentException(r.owner() + ": missing required argument `kernel_size`");
    }
    Conv2D.Builder b = k.length == 1 ? Conv2D.builder(filters, k[0]) : Conv2D.builder(filters, k[0], k[1]);
    base(r);
    b.name(r.string("name", null)).trainable(r.bool("trainable", true));
    b.strides(intOrPair(r, "strides", new int[] {1}));
    b.padding(r.string("padding", "valid"));
    b.dataFormat(r.string("data_format", "channels_last"));
    b.dilationRate(intOrPair(r, "dilation_rate", new int[] {1}));
    int groups = r.integer("groups", 1);
    if (groups != 1) {
      throw r.invalid("groups", "1 (grouped convolutions are not supported)", groups);
    }
    b.activation(activationName(r, "activation"));
    b.useBias(r.bool("use_bias", true));
    b.kernelInitializer(initializer(r, "kernel_initializer", "glorot_uniform"));
    b.biasInitializer(initializer(r, "bias_initializer", "zeros"));
    b.kernelRegularizer(regularizer(r, "kernel_regularizer"));
    b.biasRegularizer(regularizer(r, "bias_regularizer"));
    r.requireNull("activity_regularizer", "Conv2D has no activity regularizer in dropout4j");
    b.kernelConstraint(constraint(r, "kernel_constraint"));
    b.biasConstraint(constraint(r, "bias_constraint"));
    r.requireNull("lora_rank", "LoRA is not supported");
    r.requireNull("lora_alpha", "LoRA is not supported");
    r.finish();
    return wrap(r, b::build);
  }

  static Layer conv1D(Map<String, Object> config) {
    ConfigReader r = ConfigReader.forLayer(config, "Conv1D");
    int filters = r.requiredInt("filters");
    Integer k = single(r, "kernel_size", null);
    if (k == null) {
      throw new IllegalArgumentException(r.owner() + ": missing required argument `kernel_size`");
    }
    Conv1D.Builder b = Conv1D.builder(filters, k);
    base(r);
    b.name(r.string("name", null)).trainable(r.bool("trainable", true));
    b.strides(single(r, "strides", 1));
    b.padding(r.string("padding", "valid"));
    b.dataFormat(r.string("data_format", "channels_last"));
    b.dilationRate(single(r, "dilation_rate", 1));
    int groups = r.integer("groups", 1);
    if (groups != 1) {
      throw r.invalid("groups", "1 (grouped convolutions are not supported)", groups);
    }
    b.activation(activationName(r, "activation"));
    b.useBias(r.bool("use_bias", true));
    b.kernelInitializer(initializer(r, "kernel_initializer", "glorot_uniform"));
    b.biasInitializer(initializer(r, "bias_initializer", "zeros"));
    r.requireNull("kernel_regularizer", "Conv1D regularizers are not supported");
    r.requireNull("bias_regularizer", "Conv1D regularizers are not supported");
    r.requireNull("activity_regularizer", "Conv1D has no activity regularizer in dropout4j");
    r.requireNull("kernel_constraint", "Conv1D constraints are not supported");
    r.requireNull("bias_constraint", "Conv1D constraints are not supported");
    r.requireNull("lora_rank", "LoRA is not supported");
    r.requireNull("lora_alpha", "LoRA is not supported");
    r.finish();
    return wrap(r, b::build);
  }

  private static Layer pooling1D(Map<String, Object> config, String cls) {
    ConfigReader r = ConfigReader.forLayer(config, cls);
    String name = noiseBase(r, cls);
    Integer poolSize = single(r, "pool_size", 2);
    Integer strides = single(r, "strides", null);
    String padding = r.string("padding", "valid");
    String dataFormat = r.string("data_format", "channels_last");
    r.finish();
    return wrap(r, () -> cls.equals("MaxPooling1D") ? new MaxPooling1D(poolSize, strides, padding, dataFormat, name)
        : new AveragePooling1D(poolSize, strides, padding, dataFormat, name));
  }

  private static Layer globalPooling1D(Map<String, Object> config, String cls) {
    ConfigReader r = ConfigReader.forLayer(config, cls);
    String name = noiseBase(r, cls);
    String dataFormat = r.string("data_format", "channels_last");
    boolean keepdims = r.bool("keepdims", false);
    r.finish();
    return wrap(r, () -> cls.equals("GlobalMaxPooling1D") ? new GlobalMaxPooling1D(dataFormat, keepdims, name)
        : new GlobalAveragePooling1D(dataFormat, keepdims, name));
  }

  /** An integer or a list of one integer (Keras' 1-D tuples), or {@code fallback} when absent or null. */
  private static Integer single(ConfigReader r, String key, Integer fallback) {
    Object v = r.raw(key);
    if (v == null) {
      r.ignore(key);
      return fallback;
    }
    if (v instanceof Number) {
      return r.integer(key, 0);
    }
    List<Integer> d = r.dims(key);
    if (d.size() != 1 || d.get(0) == null) {
      throw r.invalid(key, "an integer or a list of 1 integer", v);
    }
    return d.get(0);
  }

  static Layer maxPooling2D(Map<String, Object> config) {
    return pooling2D(config, "MaxPooling2D");
  }

  static Layer averagePooling2D(Map<String, Object> config) {
    return pooling2D(config, "AveragePooling2D");
  }

  private static Layer pooling2D(Map<String, Object> config, String cls) {
    ConfigReader r = ConfigReader.forLayer(config, cls);
    String name = noiseBase(r, cls);
    int[] poolSize = intOrPair(r, "pool_size", new int[] {2});
    String padding = r.string("padding", "valid");
    int[] strides = intOrPair(r, "strides", null);
    String dataFormat = r.string("data_format", "channels_last");
    r.finish();
    return wrap(r, () -> cls.equals("MaxPooling2D")
        ? new MaxPooling2D(poolSize, strides, padding, dataFormat, name)
        : new AveragePooling2D(poolSize, strides, padding, dataFormat, name));
  }

  static Layer globalAveragePooling2D(Map<String, Object> config) {
    return globalPooling2D(config, "GlobalAveragePooling2D");
  }

  static Layer globalMaxPooling2D(Map<String, Object> config) {
    return globalPooling2D(config, "GlobalMaxPooling2D");
  }

  private static Layer globalPooling2D(Map<String, Object> config, String cls) {
    ConfigReader r = ConfigReader.forLayer(config, cls);
    String name = noiseBase(r, cls);
    String dataFormat = r.string("data_format", "channels_last");
    boolean keepdims = r.bool("keepdims", false);
    r.finish();
    return wrap(r, () -> cls.equals("GlobalMaxPooling2D") ? new GlobalMaxPooling2D(dataFormat, keepdims, name)
        : new GlobalAveragePooling2D(dataFormat, keepdims, name));
  }

  static Layer flatten(Map<String, Object> config) {
    ConfigReader r = ConfigReader.forLayer(config, "Flatten");
    String name = noiseBase(r, "Flatten");
    String dataFormat = r.string("data_format", "channels_last");
    r.finish();
    return wrap(r, () -> new Flatten(dataFormat, name));
  }

  static Layer reshape(Map<String, Object> config) {
    ConfigReader r = ConfigReader.forLayer(config, "Reshape");
    String name = noiseBase(r, "Reshape");
    List<Integer> target = r.dims("target_shape");
    if (target == null || target.contains(null)) {
      throw r.invalid("target_shape", "a list of positive sizes and at most one -1", target);
    }
    r.finish();
    int[] t = target.stream().mapToInt(Integer::intValue).toArray();
    return wrap(r, () -> new Reshape(t, name));
  }

  // ------------------------------------------------------------------ embedding and recurrent

  static Layer embedding(Map<String, Object> config) {
    ConfigReader r = ConfigReader.forLayer(config, "Embedding");
    base(r);
    String name = r.string("name", null);
    if (!r.bool("trainable", true)) {
      throw r.invalid("trainable", "true (dropout4j's Embedding cannot be frozen)", false);
    }
    int inputDim = r.requiredInt("input_dim");
    int outputDim = r.requiredInt("output_dim");
    String init = initializer(r, "embeddings_initializer", Embedding.DEFAULT_INITIALIZER);
    r.requireNull("embeddings_regularizer", "embedding regularizers are not supported");
    r.requireNull("activity_regularizer", "activity regularizers are not supported on Embedding");
    r.requireNull("embeddings_constraint", "embedding constraints are not supported");
    requireFalse(r, "mask_zero");
    r.ignore("input_length"); // Keras 2: a shape hint, the model's input shape carries it
    r.requireNull("quantization_config", "quantization is not supported");
    r.requireNull("lora_rank", "LoRA is not supported");
    r.requireNull("lora_alpha", "LoRA is not supported");
    r.finish();
    return wrap(r, () -> new Embedding(inputDim, outputDim, init, name));
  }

  /** SimpleRNN, GRU and LSTM: the keys {@link RecurrentLayer}'s config writes, Keras 3 and Keras 2 forms. */
  static Layer recurrent(Map<String, Object> config, String cls) {
    ConfigReader r = ConfigReader.forLayer(config, cls);
    int units = r.requiredInt("units");
    RecurrentLayer.Builder<? extends RecurrentLayer> b;
    try {
      b = cls.equals("SimpleRNN") ? SimpleRNN.builder(units) : cls.equals("GRU") ? GRU.builder(units)
          : LSTM.builder(units);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(r.owner() + ": " + e.getMessage(), e);
    }
    base(r);
    b.name(r.string("name", null)).trainable(r.bool("trainable", true));
    b.returnSequences(r.bool("return_sequences", false));
    b.returnState(r.bool("return_state", false));
    b.goBackwards(r.bool("go_backwards", false));
    requireFalse(r, "stateful");
    requireFalse(r, "unroll");
    requireFalse(r, "time_major");
    requireFalse(r, "zero_output_for_mask");
    r.ignore("implementation", "use_cudnn"); // how Keras computes, not what
    b.activation(r.string("activation", RecurrentLayer.DEFAULT_ACTIVATION));
    if (!cls.equals("SimpleRNN")) {
      b.recurrentActivation(r.string("recurrent_activation", RecurrentLayer.DEFAULT_RECURRENT_ACTIVATION));
    }
    b.useBias(r.bool("use_bias", true));
    b.kernelInitializer(initializer(r, "kernel_initializer", RecurrentLayer.DEFAULT_KERNEL_INITIALIZER));
    b.recurrentInitializer(initializer(r, "recurrent_initializer", RecurrentLayer.DEFAULT_RECURRENT_INITIALIZER));
    b.biasInitializer(initializer(r, "bias_initializer", RecurrentLayer.DEFAULT_BIAS_INITIALIZER));
    if (cls.equals("LSTM")) {
      b.unitForgetBias(r.bool("unit_forget_bias", true));
    }
    for (String key : List.of("kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
        "activity_regularizer", "kernel_constraint", "recurrent_constraint", "bias_constraint")) {
      r.requireNull(key, "regularizers and constraints are not supported on recurrent layers");
    }
    b.dropout(r.number("dropout", 0f));
    b.recurrentDropout(r.number("recurrent_dropout", 0f));
    if (cls.equals("GRU")) {
      // Keras 3 defaults to true; Keras 2 / TF.js configs always write the key
      b.resetAfter(r.bool("reset_after", true));
    }
    b.seed(r.optionalLong("seed"));
    r.finish();
    return wrap(r, b::build);
  }

  // ------------------------------------------------------------------ shared pieces

  /**
   * A Keras int-or-tuple argument ({@code 3} or {@code [3, 3]}) as one or two values; {@code fallback} when absent
   * or null.
   */
  static int[] intOrPair(ConfigReader r, String key, int[] fallback) {
    Object v = r.raw(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Number) {
      return new int[] {r.integer(key, 0)};
    }
    List<Integer> d = r.dims(key);
    if (d.contains(null) || (d.size() != 1 && d.size() != 2)) {
      throw r.invalid(key, "an integer or a list of 2 integers", v);
    }
    return d.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * The shared keys of the weightless layers (dropout family, GaussianNoise, pooling, Flatten, Reshape): the base
   * keys and a {@code trainable} that cannot be false; returns the {@code name}.
   */
  static String noiseBase(ConfigReader r, String className) {
    base(r);
    String name = r.string("name", null);
    if (!r.bool("trainable", true)) {
      throw r.invalid("trainable", "true (a " + className + " layer has no weights to freeze)", false);
    }
    return name;
  }

  /** The {@code layer} key of a Dense wrapper: a {@code {"class_name": "Dense", "config": {...}}} envelope. */
  private static Dense innerDense(ConfigReader r) {
    Object v = r.nested("layer");
    if (v == null) {
      throw new IllegalArgumentException(r.owner() + ": missing required argument `layer` (the wrapped Dense)");
    }
    Map<String, Object> env = envelope(r, "layer", v);
    if (!"Dense".equals(env.get("class_name"))) {
      throw r.invalid("layer", "a Dense layer", env.get("class_name"));
    }
    try {
      return (Dense) dense(configOf(r, "layer", env));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(r.owner() + " wrapping " + e.getMessage(), e);
    }
  }

  /** A wrapper is trainable exactly when its Dense is; a config saying otherwise is refused, not reinterpreted. */
  private static void requireTrainableAsInner(ConfigReader r, boolean trainable, Dense inner) {
    if (trainable != inner.trainable()) {
      throw r.invalid("trainable", inner.trainable() + " (as the wrapped layer's `trainable`)", trainable);
    }
  }

  /** Keys every layer may carry that only matter to the model: the input shape on a first layer. */
  static void base(ConfigReader r) {
    if (r.has("batch_input_shape") || r.has("batch_shape")) {
      inputDtype(r); // Keras 2: a first layer's dtype is also its input's
    } else {
      dtype(r);
    }
    r.ignore("batch_input_shape", "batch_shape", "batch_size");
  }

  /**
   * The dtype of model inputs: {@code float32}, or {@code int32} / {@code int64} (integer inputs such as token ids),
   * as a string or a Keras 3 dtype policy; refuses anything else.
   */
  static String inputDtype(ConfigReader r) {
    Object v = r.raw("dtype");
    if (v instanceof Map && ((Map<?, ?>) v).get("config") instanceof Map) {
      v = ((Map<?, ?>) ((Map<?, ?>) v).get("config")).get("name");
    }
    if (v == null) {
      return "float32";
    }
    if (!List.of("float32", "int32", "int64").contains(v)) {
      throw r.invalid("dtype", "one of \"float32\", \"int32\", \"int64\" (the input dtypes dropout4j reads)", v);
    }
    return (String) v;
  }

  /** Accepts {@code float32} as a string or a Keras 3 dtype policy; refuses anything else. */
  static void dtype(ConfigReader r) {
    Object v = r.raw("dtype");
    if (v == null || "float32".equals(v)) {
      return;
    }
    if (v instanceof Map) {
      Object inner = ((Map<?, ?>) v).get("config");
      if (inner instanceof Map && "float32".equals(((Map<?, ?>) inner).get("name"))) {
        return;
      }
    }
    throw r.invalid("dtype", "\"float32\" (the only dtype dropout4j computes in)", v);
  }

  static void requireFalse(ConfigReader r, String key) {
    if (r.bool(key, false)) {
      throw r.invalid(key, "false", true);
    }
  }

  private static Shape shapeOf(List<Integer> dims, ConfigReader r, String key) {
    int[] d = new int[dims.size()];
    for (int i = 0; i < d.length; i++) {
      Integer v = dims.get(i);
      if (v != null && v <= 0) {
        throw r.invalid(key, "positive sizes or null", dims);
      }
      d[i] = v == null ? Shape.UNKNOWN : v;
    }
    return Shape.of(d);
  }

  /** Builds the layer, prefixing the core's argument errors with the layer's name. */
  static Layer wrap(ConfigReader r, java.util.function.Supplier<Layer> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(r.owner() + ": " + e.getMessage(), e);
    }
  }

  static String activationName(ConfigReader r, String key) {
    Object v = r.raw(key);
    if (v == null) {
      return "linear";
    }
    if (!(v instanceof String)) {
      throw r.invalid(key, "an activation name such as \"relu\"", v);
    }
    return (String) v;
  }

  /** The snake_case initializer name for an initializer config (envelope or bare name). */
  static String initializer(ConfigReader r, String key, String fallback) {
    Object v = r.nested(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof String) {
      return (String) v;
    }
    Map<String, Object> env = envelope(r, key, v);
    String cls = (String) env.get("class_name");
    ConfigReader c = new ConfigReader(configOf(r, key, env), r.owner() + " " + key + " " + cls);
    Object dtype = c.raw("dtype"); // tf.keras 1.x / 2.2 initializers carry the weight dtype
    if (dtype != null && !"float32".equals(dtype)) {
      throw c.invalid("dtype", "\"float32\"", dtype);
    }
    String name;
    switch (cls) {
      case "GlorotUniform": case "GlorotNormal": case "HeUniform": case "HeNormal":
      case "LecunUniform": case "LecunNormal": case "LeCunUniform": case "LeCunNormal":
        name = snake(cls.replace("LeCun", "Lecun"));
        c.requireNull("seed", "initializer seeds are not supported (the model seed drives initialization)");
        c.requireNull("input_axes", "custom fan axes are not supported");
        c.requireNull("output_axes", "custom fan axes are not supported");
        break;
      case "Zeros": case "Ones":
        name = snake(cls);
        break;
      case "Orthogonal":
        if (c.number("gain", 1f) != 1f) {
          throw c.invalid("gain", "1.0 (the only Orthogonal gain supported)", c.raw("gain"));
        }
        c.requireNull("seed", "initializer seeds are not supported (the model seed drives initialization)");
        name = "orthogonal";
        break;
      case "RandomUniform":
        if (c.number("minval", -0.05f) != -0.05f || c.number("maxval", 0.05f) != 0.05f) {
          throw new IllegalArgumentException(c.owner() + ": only the default range minval=-0.05, maxval=0.05 is "
              + "supported, received minval=" + c.raw("minval") + ", maxval=" + c.raw("maxval"));
        }
        c.requireNull("seed", "initializer seeds are not supported (the model seed drives initialization)");
        name = "random_uniform";
        break;
      case "VarianceScaling":
        name = varianceScaling(c);
        c.requireNull("seed", "initializer seeds are not supported (the model seed drives initialization)");
        c.requireNull("input_axes", "custom fan axes are not supported");
        c.requireNull("output_axes", "custom fan axes are not supported");
        break;
      default:
        throw r.invalid(key, "one of GlorotUniform, GlorotNormal, HeUniform, HeNormal, LecunUniform, LecunNormal, "
            + "Zeros, Ones, Orthogonal, RandomUniform or an equivalent VarianceScaling", cls);
    }
    c.finish();
    return name;
  }

  private static String varianceScaling(ConfigReader c) {
    float scale = c.number("scale", 1f);
    String mode = c.string("mode", "fan_in");
    String distribution = c.string("distribution", "truncated_normal");
    boolean uniform = distribution.equals("uniform");
    boolean normal = distribution.equals("normal") || distribution.equals("truncated_normal");
    if (scale == 1f && mode.equals("fan_avg") && (uniform || normal)) {
      return uniform ? "glorot_uniform" : "glorot_normal";
    }
    if (scale == 2f && mode.equals("fan_in") && (uniform || normal)) {
      return uniform ? "he_uniform" : "he_normal";
    }
    if (scale == 1f && mode.equals("fan_in") && (uniform || normal)) {
      return uniform ? "lecun_uniform" : "lecun_normal";
    }
    throw new IllegalArgumentException(c.owner() + ": unsupported VarianceScaling(scale=" + scale + ", mode=" + mode
        + ", distribution=" + distribution + "); supported are the Glorot, He and LeCun settings");
  }

  static Regularizer regularizer(ConfigReader r, String key) {
    Object v = r.nested(key);
    if (v == null) {
      return null;
    }
    Map<String, Object> env = envelope(r, key, v);
    String cls = (String) env.get("class_name");
    ConfigReader c = new ConfigReader(configOf(r, key, env), r.owner() + " " + key + " " + cls);
    Regularizer reg;
    try {
      switch (cls) {
        case "L1":
          reg = Regularizer.l1(c.number("l1", Regularizer.DEFAULT_FACTOR));
          break;
        case "L2":
          reg = Regularizer.l2(c.number("l2", Regularizer.DEFAULT_FACTOR));
          break;
        case "L1L2":
          reg = Regularizer.l1l2(c.number("l1", 0f), c.number("l2", 0f));
          break;
        default:
          throw r.invalid(key, "one of L1, L2, L1L2", cls);
      }
    } catch (IllegalArgumentException e) {
      throw e.getMessage().startsWith(r.owner()) ? e
          : new IllegalArgumentException(c.owner() + ": " + e.getMessage(), e);
    }
    c.finish();
    return reg;
  }

  static Constraint constraint(ConfigReader r, String key) {
    Object v = r.nested(key);
    if (v == null) {
      return null;
    }
    Map<String, Object> env = envelope(r, key, v);
    String cls = (String) env.get("class_name");
    if (!cls.equals("MaxNorm")) {
      throw r.invalid(key, "MaxNorm", cls);
    }
    ConfigReader c = new ConfigReader(configOf(r, key, env), r.owner() + " " + key + " MaxNorm");
    float max = c.number("max_value", MaxNorm.DEFAULT_MAX_VALUE);
    int axis = c.integer("axis", 0);
    c.finish();
    try {
      return new MaxNorm(max, axis);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(c.owner() + ": " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> envelope(ConfigReader r, String key, Object v) {
    if (!(v instanceof Map) || !(((Map<String, Object>) v).get("class_name") instanceof String)) {
      throw r.invalid(key, "null or {\"class_name\": ..., \"config\": {...}}", v);
    }
    return (Map<String, Object>) v;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> configOf(ConfigReader r, String key, Map<String, Object> env) {
    Object c = env.get("config");
    if (c == null) {
      return new java.util.LinkedHashMap<>();
    }
    if (!(c instanceof Map)) {
      throw r.invalid(key + ".config", "an object", c);
    }
    return (Map<String, Object>) c;
  }

  /** {@code GlorotUniform} to {@code glorot_uniform}. */
  static String snake(String className) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < className.length(); i++) {
      char ch = className.charAt(i);
      if (Character.isUpperCase(ch) && i > 0) {
        sb.append('_');
      }
      sb.append(Character.toLowerCase(ch));
    }
    return sb.toString().toLowerCase(Locale.ROOT);
  }
}
