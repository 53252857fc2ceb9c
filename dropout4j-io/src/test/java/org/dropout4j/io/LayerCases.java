package org.dropout4j.io;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.dropout4j.layers.Activation;
import org.dropout4j.layers.AdditiveAttention;
import org.dropout4j.layers.Attention;
import org.dropout4j.layers.AveragePooling1D;
import org.dropout4j.layers.AveragePooling2D;
import org.dropout4j.layers.BatchNormalization;
import org.dropout4j.layers.Bidirectional;
import org.dropout4j.layers.ConcreteDropout;
import org.dropout4j.layers.Conv1D;
import org.dropout4j.layers.AveragePooling3D;
import org.dropout4j.layers.Conv2DTranspose;
import org.dropout4j.layers.Conv3D;
import org.dropout4j.layers.GlobalAveragePooling3D;
import org.dropout4j.layers.GlobalMaxPooling3D;
import org.dropout4j.layers.MaxPooling3D;
import org.dropout4j.layers.SeparableConv1D;
import org.dropout4j.layers.Cropping1D;
import org.dropout4j.layers.Cropping2D;
import org.dropout4j.layers.Permute;
import org.dropout4j.layers.RepeatVector;
import org.dropout4j.layers.Rescaling;
import org.dropout4j.layers.UpSampling1D;
import org.dropout4j.layers.UpSampling2D;
import org.dropout4j.layers.ZeroPadding1D;
import org.dropout4j.layers.ZeroPadding2D;
import org.dropout4j.layers.Conv2D;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.DepthwiseConv2D;
import org.dropout4j.layers.DropConnectDense;
import org.dropout4j.layers.Embedding;
import org.dropout4j.layers.Flatten;
import org.dropout4j.layers.GRU;
import org.dropout4j.layers.GlobalAveragePooling1D;
import org.dropout4j.layers.GlobalAveragePooling2D;
import org.dropout4j.layers.GlobalMaxPooling1D;
import org.dropout4j.layers.GlobalMaxPooling2D;
import org.dropout4j.layers.GroupNormalization;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.LSTM;
import org.dropout4j.layers.Layer;
import org.dropout4j.layers.LayerNormalization;
import org.dropout4j.layers.Masking;
import org.dropout4j.layers.MaxPooling1D;
import org.dropout4j.layers.MaxPooling2D;
import org.dropout4j.layers.MultiHeadAttention;
import org.dropout4j.layers.Reshape;
import org.dropout4j.layers.SeparableConv2D;
import org.dropout4j.layers.SimpleRNN;
import org.dropout4j.layers.SparseVariationalDense;
import org.dropout4j.layers.TimeDistributed;
import org.dropout4j.layers.UnitNormalization;
import org.dropout4j.layers.activations.ELU;
import org.dropout4j.layers.activations.LeakyReLU;
import org.dropout4j.layers.activations.PReLU;
import org.dropout4j.layers.activations.ReLU;
import org.dropout4j.layers.activations.Softmax;
import org.dropout4j.layers.activations.ThresholdedReLU;
import org.dropout4j.layers.merging.Add;
import org.dropout4j.layers.merging.Average;
import org.dropout4j.layers.merging.Concatenate;
import org.dropout4j.layers.merging.Dot;
import org.dropout4j.layers.merging.Maximum;
import org.dropout4j.layers.merging.Minimum;
import org.dropout4j.layers.merging.Multiply;
import org.dropout4j.layers.merging.Subtract;
import org.dropout4j.layers.regularization.AlphaDropout;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.layers.regularization.DropPath;
import org.dropout4j.layers.regularization.FeatureAlphaDropout;
import org.dropout4j.layers.regularization.GaussianDropout;
import org.dropout4j.layers.regularization.GaussianNoise;
import org.dropout4j.layers.regularization.SpatialDropout1D;
import org.dropout4j.layers.regularization.SpatialDropout2D;
import org.dropout4j.layers.regularization.SpatialDropout3D;

/**
 * One sample case per registered {@code class_name}, what {@link LayerConformanceTest} checks every layer type
 * against (in the spirit of Keras' {@code run_layer_test}). A new layer type adds one line here; the conformance
 * test fails for a registered class without one. Shapes are small on purpose: the whole harness runs in seconds.
 */
final class LayerCases {
  /** What a layer is expected to do with sample inputs (one shape, or several for a merge layer). */
  static final class Case {
    final Supplier<Layer> layer;
    final int[][] inputs;
    final int[] output;
    final int weights;
    boolean identityAtInference;
    boolean noiseInMonteCarlo;
    boolean integerInput;

    Case(Supplier<Layer> layer, int[] input, int[] output, int weights) {
      this(layer, new int[][] {input}, output, weights);
    }

    Case(Supplier<Layer> layer, int[][] inputs, int[] output, int weights) {
      this.layer = layer;
      this.inputs = inputs;
      this.output = output;
      this.weights = weights;
    }

    /** Whether the layer is called on a list of inputs (a merge layer). */
    boolean multiInput() {
      return inputs.length > 1;
    }

    /** Documented as the identity at inference and noisy in training and Monte Carlo passes (dropout family). */
    Case dropoutFamily() {
      identityAtInference = true;
      noiseInMonteCarlo = true;
      return this;
    }

    /** Draws noise in Monte Carlo passes (learned dropout variants with weights). */
    Case noisyInMonteCarlo() {
      noiseInMonteCarlo = true;
      return this;
    }

    /** Inputs are integer ids (no input gradient). */
    Case ids() {
      integerInput = true;
      return this;
    }

    /** The identity at inference (InputLayer). */
    Case identity() {
      identityAtInference = true;
      return this;
    }
  }

  private static final Map<String, Case> CASES = new LinkedHashMap<>();

  private static void add(String className, Case c) {
    if (CASES.put(className, c) != null) {
      throw new IllegalStateException("two cases for " + className);
    }
  }

  private static int[] s(int... dims) {
    return dims;
  }

  private static int[][] two(int[] a, int[] b) {
    return new int[][] {a, b};
  }

  static {
    add("InputLayer", new Case(() -> Input.shape(3), s(2, 3), s(2, 3), 0).identity());
    add("Dense", new Case(() -> Dense.builder(3).activation("tanh").build(), s(2, 4), s(2, 3), 2));
    add("Dropout", new Case(() -> new Dropout(0.5f, null, 7L, null), s(4, 6), s(4, 6), 0).dropoutFamily());
    add("Activation", new Case(() -> new Activation("tanh"), s(2, 3), s(2, 3), 0));
    add("SpatialDropout1D", new Case(() -> new SpatialDropout1D(0.5f, 7L, null), s(2, 5, 3), s(2, 5, 3), 0)
        .dropoutFamily());
    add("SpatialDropout2D", new Case(() -> new SpatialDropout2D(0.5f, "channels_first", 7L, null), s(2, 3, 4, 4),
        s(2, 3, 4, 4), 0).dropoutFamily());
    add("SpatialDropout3D", new Case(() -> new SpatialDropout3D(0.5f), s(2, 3, 3, 3, 2), s(2, 3, 3, 3, 2), 0)
        .dropoutFamily());
    add("GaussianDropout", new Case(() -> new GaussianDropout(0.3f, 7L, null), s(4, 6), s(4, 6), 0)
        .dropoutFamily());
    add("GaussianNoise", new Case(() -> new GaussianNoise(0.3f, 7L, null), s(4, 6), s(4, 6), 0).dropoutFamily());
    add("AlphaDropout", new Case(() -> new AlphaDropout(0.3f, null, 7L, null), s(4, 6), s(4, 6), 0)
        .dropoutFamily());
    add("FeatureAlphaDropout", new Case(() -> new FeatureAlphaDropout(0.3f, null, 7L, null), s(2, 4, 4, 3),
        s(2, 4, 4, 3), 0).dropoutFamily());
    add("DropPath", new Case(() -> new DropPath(0.3f, 7L, null), s(4, 3, 2), s(4, 3, 2), 0).dropoutFamily());
    add("DropConnectDense", new Case(() -> new DropConnectDense(new Dense(3, "tanh"), 0.3f, 7L, null), s(2, 4),
        s(2, 3), 2).noisyInMonteCarlo());
    add("ConcreteDropout", new Case(() -> new ConcreteDropout(new Dense(3, "tanh"), 1e-4f, 1e-3f), s(2, 4),
        s(2, 3), 3).noisyInMonteCarlo());
    add("SparseVariationalDense", new Case(() -> new SparseVariationalDense(3, "tanh", 100), s(2, 4), s(2, 3), 3)
        .noisyInMonteCarlo());
    add("Conv2D", new Case(() -> Conv2D.builder(2, 3).activation("tanh").build(), s(2, 5, 5, 3), s(2, 3, 3, 2), 2));
    add("MaxPooling2D", new Case(MaxPooling2D::new, s(2, 4, 4, 3), s(2, 2, 2, 3), 0));
    add("AveragePooling2D", new Case(AveragePooling2D::new, s(2, 4, 4, 3), s(2, 2, 2, 3), 0));
    add("GlobalAveragePooling2D", new Case(GlobalAveragePooling2D::new, s(2, 3, 3, 2), s(2, 2), 0));
    add("GlobalMaxPooling2D", new Case(GlobalMaxPooling2D::new, s(2, 3, 3, 2), s(2, 2), 0));
    add("Flatten", new Case(Flatten::new, s(2, 3, 2), s(2, 6), 0));
    add("Reshape", new Case(() -> new Reshape(3, 2), s(2, 6), s(2, 3, 2), 0));
    add("Embedding", new Case(() -> new Embedding(10, 4), s(2, 3), s(2, 3, 4), 1).ids());
    add("SimpleRNN", new Case(() -> new SimpleRNN(3), s(2, 4, 2), s(2, 3), 3));
    add("GRU", new Case(() -> new GRU(3), s(2, 4, 2), s(2, 3), 3));
    add("LSTM", new Case(() -> new LSTM(3), s(2, 4, 2), s(2, 3), 3));
    add("ReLU", new Case(() -> new ReLU(1.5f, 0.1f, 0.2f, null), s(2, 5), s(2, 5), 0));
    add("ELU", new Case(() -> new ELU(0.7f, null), s(2, 5), s(2, 5), 0));
    add("LeakyReLU", new Case(() -> new LeakyReLU(0.2f, null), s(2, 5), s(2, 5), 0));
    add("PReLU", new Case(() -> new PReLU("glorot_uniform", null, null), s(2, 5), s(2, 5), 1));
    add("ThresholdedReLU", new Case(() -> new ThresholdedReLU(0.5f, null), s(2, 5), s(2, 5), 0));
    add("Softmax", new Case(Softmax::new, s(2, 4), s(2, 4), 0));
    add("TimeDistributed", new Case(() -> new TimeDistributed(new Dense(2, "tanh")), s(2, 3, 4), s(2, 3, 2), 2));
    add("Bidirectional", new Case(() -> new Bidirectional(SimpleRNN.builder(2), "concat"), s(2, 3, 2), s(2, 4),
        6));
    add("DepthwiseConv2D", new Case(() -> new DepthwiseConv2D(2), s(2, 3, 3, 2), s(2, 2, 2, 2), 2));
    add("SeparableConv2D", new Case(() -> new SeparableConv2D(3, 2), s(2, 3, 3, 2), s(2, 2, 2, 3), 3));
    add("LayerNormalization", new Case(LayerNormalization::new, s(2, 4), s(2, 4), 2));
    add("UnitNormalization", new Case(UnitNormalization::new, s(2, 4), s(2, 4), 0));
    add("BatchNormalization", new Case(BatchNormalization::new, s(4, 3), s(4, 3), 4));
    add("Conv1D", new Case(() -> Conv1D.builder(2, 3).activation("tanh").build(), s(2, 6, 3), s(2, 4, 2), 2));
    add("MaxPooling1D", new Case(MaxPooling1D::new, s(2, 6, 3), s(2, 3, 3), 0));
    add("AveragePooling1D", new Case(AveragePooling1D::new, s(2, 6, 3), s(2, 3, 3), 0));
    add("GlobalAveragePooling1D", new Case(GlobalAveragePooling1D::new, s(2, 5, 3), s(2, 3), 0));
    add("GlobalMaxPooling1D", new Case(GlobalMaxPooling1D::new, s(2, 5, 3), s(2, 3), 0));
    add("Masking", new Case(() -> new Masking(0.5f), s(2, 5, 3), s(2, 5, 3), 0));
    add("Rescaling", new Case(() -> new Rescaling(new float[] {0.5f, 2f, -1f}, new float[] {0.25f}, null),
        s(2, 4, 3), s(2, 4, 3), 0));
    add("ZeroPadding1D", new Case(() -> new ZeroPadding1D(1, 2, "channels_last", null), s(2, 4, 3), s(2, 7, 3), 0));
    add("ZeroPadding2D", new Case(() -> new ZeroPadding2D(new int[][] {{1, 0}, {2, 1}}, "channels_first", null),
        s(2, 2, 3, 3), s(2, 2, 4, 6), 0));
    add("Cropping1D", new Case(() -> new Cropping1D(1, 2), s(2, 6, 3), s(2, 3, 3), 0));
    add("Cropping2D", new Case(() -> new Cropping2D(new int[][] {{1, 0}, {0, 2}}, "channels_last", null),
        s(2, 4, 5, 2), s(2, 3, 3, 2), 0));
    add("UpSampling1D", new Case(() -> new UpSampling1D(3), s(2, 3, 2), s(2, 9, 2), 0));
    add("UpSampling2D", new Case(() -> new UpSampling2D(new int[] {2, 3}, "channels_last", "bilinear", null),
        s(2, 3, 2, 2), s(2, 6, 6, 2), 0));
    add("RepeatVector", new Case(() -> new RepeatVector(3), s(2, 4), s(2, 3, 4), 0));
    add("Permute", new Case(() -> new Permute(3, 1, 2), s(2, 3, 4, 5), s(2, 5, 3, 4), 0));
    add("Conv2DTranspose", new Case(() -> new Conv2DTranspose(2, new int[] {3, 2}, new int[] {2}, "same",
        new int[] {1, 0}, "channels_last", "tanh", true, "glorot_uniform", "zeros", null), s(2, 3, 3, 2),
        s(2, 6, 4, 2), 2));
    add("Conv3D", new Case(() -> new Conv3D(2, new int[] {2}, new int[] {1, 2, 1}, "same", "channels_first",
        new int[] {1}, "tanh", true, "glorot_uniform", "zeros", null), s(2, 2, 3, 4, 3), s(2, 2, 3, 2, 3), 2));
    add("MaxPooling3D", new Case(MaxPooling3D::new, s(2, 4, 4, 4, 2), s(2, 2, 2, 2, 2), 0));
    add("AveragePooling3D", new Case(() -> new AveragePooling3D(new int[] {3}, new int[] {2}, "same",
        "channels_first", null), s(2, 2, 3, 4, 5), s(2, 2, 2, 2, 3), 0));
    add("GlobalMaxPooling3D", new Case(GlobalMaxPooling3D::new, s(2, 2, 3, 2, 3), s(2, 3), 0));
    add("GlobalAveragePooling3D", new Case(() -> new GlobalAveragePooling3D("channels_first", true, null),
        s(2, 3, 2, 3, 2), s(2, 3, 1, 1, 1), 0));
    add("SeparableConv1D", new Case(() -> new SeparableConv1D(3, 3, 2, "same", 2, "channels_last", 1, "tanh", true,
        "glorot_uniform", "glorot_uniform", "zeros", null), s(2, 7, 2), s(2, 4, 3), 3));
    add("Add", new Case(Add::new, two(s(2, 3), s(2, 3)), s(2, 3), 0));
    add("Subtract", new Case(Subtract::new, two(s(2, 3), s(2, 3)), s(2, 3), 0));
    add("Multiply", new Case(Multiply::new, two(s(2, 3), s(2, 3)), s(2, 3), 0));
    add("Average", new Case(Average::new, two(s(2, 3), s(2, 3)), s(2, 3), 0));
    add("Maximum", new Case(Maximum::new, two(s(2, 3), s(2, 3)), s(2, 3), 0));
    add("Minimum", new Case(Minimum::new, two(s(2, 3), s(2, 3)), s(2, 3), 0));
    add("Concatenate", new Case(Concatenate::new, two(s(2, 3), s(2, 2)), s(2, 5), 0));
    add("Dot", new Case(() -> new Dot(1, true), two(s(2, 3), s(2, 3)), s(2, 1), 0));
    add("MultiHeadAttention", new Case(() -> MultiHeadAttention.builder(2, 3).dropout(0.3f).seed(7L).build(),
        two(s(2, 4, 5), s(2, 3, 6)), s(2, 4, 5), 8).noisyInMonteCarlo());
    add("Attention", new Case(() -> new Attention(true, Attention.CONCAT, 0.2f, 7L, null, true),
        two(s(2, 4, 3), s(2, 5, 3)), s(2, 4, 3), 2).noisyInMonteCarlo());
    add("AdditiveAttention", new Case(() -> new AdditiveAttention(true, 0.2f, 7L, null, true),
        two(s(2, 4, 3), s(2, 5, 3)), s(2, 4, 3), 1).noisyInMonteCarlo());
    add("GroupNormalization", new Case(() -> new GroupNormalization(2), s(2, 3, 4), s(2, 3, 4), 2));
  }

  private LayerCases() {
  }

  /** The case for a class name, or {@code null}. */
  static Case of(String className) {
    return CASES.get(className);
  }

  /** Every class name with a case. */
  static Iterable<String> classNames() {
    return CASES.keySet();
  }
}
