package org.dropout4j.io;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.regularization.AlphaDropout;
import org.dropout4j.layers.ConcreteDropout;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.DropConnectDense;
import org.dropout4j.layers.regularization.GaussianDropout;
import org.dropout4j.layers.regularization.GaussianNoise;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.SparseVariationalDense;
import org.dropout4j.layers.regularization.SpatialDropout1D;
import org.dropout4j.layers.regularization.SpatialDropout2D;
import org.dropout4j.layers.regularization.SpatialDropout3D;
import org.dropout4j.layers.regularizers.Regularizer;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/** One small built model per member of the dropout family (and Dense's activity regularizer), for the I/O tests. */
final class DropoutFamilyModels {
  private DropoutFamilyModels() {
  }

  /** New, unbuilt models by name; every model has a seed set. */
  static Map<String, Sequential> unbuilt() {
    Map<String, Sequential> m = new LinkedHashMap<>();
    m.put("spatial_dropout_1d", new Sequential(Input.shape(5, 3), new SpatialDropout1D(0.3f, 7L, null),
        new Dense(4, "relu"), new Dense(2)));
    m.put("spatial_dropout_2d_channels_last", new Sequential(Input.shape(4, 4, 3), new SpatialDropout2D(0.25f),
        new Dense(2, "tanh")));
    m.put("spatial_dropout_2d_channels_first", new Sequential(Input.shape(3, 4, 2),
        new SpatialDropout2D(0.25f, "channels_first", 3L, "sd2"), new Dense(2, "sigmoid")));
    m.put("spatial_dropout_3d", new Sequential(Input.shape(2, 3, 3, 2), new SpatialDropout3D(0.2f),
        new SpatialDropout3D(0.1f, "channels_first", null, null), new Dense(3)));
    m.put("gaussian_alpha_activity", new Sequential(Input.shape(6), new GaussianNoise(0.5f, 5L, null),
        Dense.builder(8).activation("selu").kernelInitializer("lecun_normal").build(),
        new AlphaDropout(0.1f, List.of(1, 8), null, "alpha"),
        Dense.builder(8).activation("relu").activityRegularizer(Regularizer.l2(1e-3f)).build(),
        new GaussianDropout(0.4f), new Dense(3, "softmax")));
    m.put("learned_dropout", new Sequential(Input.shape(5),
        new ConcreteDropout(new Dense(8, "relu"), 1e-4f, 1e-3f),
        new DropConnectDense(Dense.builder(6).activation("tanh").kernelRegularizer(Regularizer.l2(1e-4f)).build(),
            0.3f, 9L, "drop_connect"),
        new ConcreteDropout(Dense.builder(4).useBias(false).name("inner").build(), 0f, 2e-3f, 0.2f, 0.3f, 0.2f, 11L,
            null),
        // log_sigma2 = 0: every |theta| < exp(-1.5) ~ 0.22 has log_alpha > 3 and is pruned
        new SparseVariationalDense(2, "sigmoid", true, "glorot_uniform", "zeros", 0f, 3f, 100, 4L, "svd")));
    for (Sequential s : m.values()) {
      s.setRandomSeed(1234);
    }
    return m;
  }

  /** The models of {@link #unbuilt()}, built for their input shape. */
  static Map<String, Sequential> built() {
    Map<String, Sequential> m = unbuilt();
    for (Sequential s : m.values()) {
      s.build(s.inputShape());
    }
    return m;
  }

  /** Deterministic inputs of {@code n} rows for a model's input shape. */
  static Tensor inputs(Sequential model, int n, int salt) {
    Shape in = model.inputShape().withBatch(n);
    float[] v = new float[in.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) Math.sin(1.7 * i + salt) * 1.5f;
    }
    return Tensor.of(in, v);
  }
}
