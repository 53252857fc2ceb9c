package org.dropout4j.io;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dropout4j.layers.AveragePooling3D;
import org.dropout4j.layers.Conv2DTranspose;
import org.dropout4j.layers.Conv3D;
import org.dropout4j.layers.Cropping2D;
import org.dropout4j.layers.MaxPooling3D;
import org.dropout4j.layers.Permute;
import org.dropout4j.layers.RepeatVector;
import org.dropout4j.layers.UpSampling2D;
import org.dropout4j.layers.ZeroPadding2D;
import org.dropout4j.layers.AveragePooling1D;
import org.dropout4j.layers.AveragePooling2D;
import org.dropout4j.layers.BatchNormalization;
import org.dropout4j.layers.Conv1D;
import org.dropout4j.layers.Conv2D;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.layers.Embedding;
import org.dropout4j.layers.Flatten;
import org.dropout4j.layers.GRU;
import org.dropout4j.layers.GlobalAveragePooling2D;
import org.dropout4j.layers.GlobalMaxPooling2D;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.GlobalMaxPooling1D;
import org.dropout4j.layers.LSTM;
import org.dropout4j.layers.Layer;
import org.dropout4j.layers.MaxPooling1D;
import org.dropout4j.layers.MaxPooling2D;
import org.dropout4j.layers.Reshape;
import org.dropout4j.layers.SimpleRNN;
import org.dropout4j.layers.regularizers.Regularizer;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/** Small conv and recurrent models for the I/O tests: every conv/recurrent layer type with non-default options. */
final class ConvRecurrentModels {
  /** Vocabulary size of the embedding model. */
  static final int VOCABULARY = 11;
  /** The model with a Keras 3 default GRU ({@code reset_after=true}), which TF.js 4.22 cannot run. */
  static final String GRU_RESET_AFTER = "gru_reset_after_5x3";

  private ConvRecurrentModels() {
  }

  /** New, unbuilt models by name; every model has a seed set. {@code embedding_*} models take integer ids. */
  static Map<String, Sequential> unbuilt() {
    Map<String, Sequential> m = new LinkedHashMap<>();
    m.put("cnn_8x8", new Sequential(Input.shape(8, 8, 1),
        new Conv2D(4, 3, "relu"),
        new MaxPooling2D(),
        Conv2D.builder(3, 2, 1).padding("same").activation("tanh").kernelRegularizer(Regularizer.l2(1e-4f))
            .name("conv_b").build(),
        new AveragePooling2D(new int[] {2, 1}, new int[] {1, 1}, "valid", "channels_last", null),
        new Flatten(), new Dropout(0.25f), new Dense(3, "softmax")));
    m.put("cnn_global_pools", new Sequential(Input.shape(8, 8, 1),
        Conv2D.builder(4, 3).strides(2).padding("same").activation("relu").build(),
        new Reshape(new int[] {4, 4, 4}, "reshape"),
        new GlobalMaxPooling2D(), new Reshape(2, 2, 1),
        new GlobalAveragePooling2D(), new Dense(2)));
    m.put("lstm_5x3", new Sequential(Input.shape(5, 3),
        LSTM.builder(6).returnSequences(true).dropout(0.2f).recurrentDropout(0.1f).seed(3L).build(),
        new LSTM(4), new Dense(2)));
    m.put("gru_5x3", new Sequential(Input.shape(5, 3),
        GRU.builder(5).resetAfter(false).returnSequences(true).goBackwards(true).build(),
        GRU.builder(4).resetAfter(false).recurrentActivation("sigmoid").dropout(0.1f).build(), new Dense(1)));
    m.put(GRU_RESET_AFTER, new Sequential(Input.shape(5, 3), new GRU(4), new Dense(2)));
    m.put("simple_rnn_5x3", new Sequential(Input.shape(5, 3),
        SimpleRNN.builder(6).activation("relu").returnSequences(true).build(),
        SimpleRNN.builder(3).useBias(false).build(), new Dense(2, "sigmoid")));
    m.put("embedding_lstm", new Sequential(Input.shape(6), new Embedding(VOCABULARY, 4),
        LSTM.builder(5).unitForgetBias(false).build(), new Dense(2, "softmax")));
    m.put("conv1d_batchnorm_7x3", new Sequential(Input.shape(7, 3),
        Conv1D.builder(4, 3).padding("same").dilationRate(2).activation("relu").build(),
        new BatchNormalization(), new MaxPooling1D(2, 1, "same", "channels_last", null),
        Conv1D.builder(3, 2).strides(2).padding("same").build(), new AveragePooling1D(),
        new GlobalMaxPooling1D(), new Dense(2)));
    m.put("conv_transpose_reshaping_6x6", new Sequential(Input.shape(6, 6, 2),
        new ZeroPadding2D(new int[][] {{1, 0}, {2, 1}}, "channels_last", null),
        new Conv2DTranspose(3, 3, 2, "same", "relu"), new Cropping2D(1), new UpSampling2D(), new Permute(3, 1, 2),
        new BatchNormalization(3, 0.99f, 1e-3f, true, true, null, true), new Permute(2, 3, 1),
        new GlobalMaxPooling2D(), new RepeatVector(2), new Flatten(), new Dense(2)));
    m.put("conv3d_pool3d_4x4x4", new Sequential(Input.shape(4, 4, 4, 2),
        new Conv3D(3, new int[] {2}, new int[] {1}, "same", "channels_last", new int[] {1}, "relu", true,
            "glorot_uniform", "zeros", null),
        new MaxPooling3D(), new AveragePooling3D(new int[] {2}, new int[] {1}, "same", "channels_last", null),
        new Flatten(), new Dense(2)));
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
      for (Layer layer : s.layers()) {
        if (layer instanceof BatchNormalization) { // statistics away from the identity (0 and 1)
          for (Parameter p : layer.weights()) {
            float[] v = new float[p.size()];
            for (int i = 0; i < v.length; i++) {
              v[i] = p.name().endsWith("variance") ? 0.5f + 0.25f * i : 0.1f * (i + 1) * (p.name().endsWith("mean")
                  ? -1 : 1) + (p.name().endsWith("gamma") ? 1f : 0f);
            }
            p.assign(Tensor.of(p.shape(), v));
          }
        }
      }
    }
    return m;
  }

  /** Deterministic inputs of {@code n} rows: integer ids for an Embedding model, smooth values otherwise. */
  static Tensor inputs(Sequential model, int n, int salt) {
    if (!(model.layers().get(0) instanceof Embedding)) {
      return DropoutFamilyModels.inputs(model, n, salt);
    }
    Shape in = model.inputShape().withBatch(n);
    float[] v = new float[in.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (i * 7 + salt) % VOCABULARY;
    }
    return Tensor.of(in, v);
  }
}
