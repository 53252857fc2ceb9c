package org.dropout4j.cli.presets;

import java.util.List;
import org.dropout4j.layers.Conv2D;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.layers.Flatten;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.LSTM;
import org.dropout4j.layers.Layer;
import org.dropout4j.layers.MaxPooling2D;
import org.dropout4j.layers.Reshape;
import org.dropout4j.layers.constraints.MaxNorm;
import org.dropout4j.models.Sequential;

/**
 * The Keras-example image classifiers, on single-channel images of {@code height x width} pixels (channels_last)
 * with a softmax over {@code classes}:
 *
 * <ul>
 *   <li>{@code mlp} (Keras' mnist_mlp): Flatten, Dense(512, relu), Dropout(0.2), Dense(512, relu), Dropout(0.2),
 *       Dense(classes, softmax).
 *   <li>{@code cnn} (Keras' mnist_cnn): Conv2D(32, 3, relu), Conv2D(64, 3, relu), MaxPooling2D(2), Dropout(0.25),
 *       Flatten, Dense(128, relu), Dropout(0.5), Dense(classes, softmax); needs images of at least 6x6.
 *   <li>{@code lstm}: Reshape((height, width)) (the image rows as a sequence), LSTM(128, dropout=0.2,
 *       recurrent_dropout=0.2), Dense(classes, softmax).
 * </ul>
 *
 * <p>{@code dropout}, when not null, replaces the rate of every Dropout layer of the preset (lstm: its
 * {@code dropout} and {@code recurrent_dropout}); a rate of 0 leaves the mlp's and cnn's Dropout layers out, so
 * the model is the plain network. {@code inputDropout > 0} puts a Dropout on the input images; {@code maxNorm > 0}
 * constrains the hidden Dense kernels (mlp: both Dense(512); cnn: Dense(128); not the conv kernels) with
 * {@link MaxNorm}, as in Srivastava et al. (2014), "Dropout: a simple way to prevent neural networks from
 * overfitting", JMLR 15.
 *
 * <pre>{@code
 * Sequential cnn = ModelPresets.build("cnn", 28, 28, 10, 0.3f);   // both Dropout layers at 0.3
 * cnn.setRandomSeed(1);
 * cnn.compile("adam", "sparse_categorical_crossentropy", "accuracy");
 * }</pre>
 */
public final class ModelPresets {
  /** The preset names. */
  public static final List<String> NAMES = List.of("mlp", "cnn", "lstm");
  /** The mlp's Dropout rate (both layers). */
  public static final float MLP_DROPOUT = 0.2f;
  /** The cnn's Dropout rate after the pooling. */
  public static final float CNN_CONV_DROPOUT = 0.25f;
  /** The cnn's Dropout rate after Dense(128). */
  public static final float CNN_DENSE_DROPOUT = 0.5f;
  /** The lstm's input and recurrent dropout. */
  public static final float LSTM_DROPOUT = 0.2f;

  private ModelPresets() {
  }

  /**
   * A preset without input dropout or max-norm.
   *
   * @see #build(String, int, int, int, Float, double, double)
   */
  public static Sequential build(String name, int height, int width, int classes, Float dropout) {
    return build(name, height, width, classes, dropout, 0, 0);
  }

  /**
   * A preset, not yet seeded or compiled.
   *
   * @param name one of {@link #NAMES}
   * @param height image height, {@code >= 1}
   * @param width image width, {@code >= 1}
   * @param classes output classes, {@code >= 2}
   * @param dropout rate of every Dropout layer, in [0, 1), 0 = none; null = the preset's own rates
   * @param inputDropout rate of a Dropout on the inputs, in [0, 1); 0 = none
   * @param maxNorm MaxNorm max_value on the hidden Dense kernels, {@code > 0}; 0 = none (not for lstm)
   * @throws IllegalArgumentException for an unknown name or an argument out of range
   */
  public static Sequential build(String name, int height, int width, int classes, Float dropout,
      double inputDropout, double maxNorm) {
    requireArgument(height >= 1 && width >= 1, "height, width", "positive integers", height + ", " + width);
    requireArgument(classes >= 2, "classes", "an integer >= 2", String.valueOf(classes));
    requireArgument(dropout == null || dropout >= 0 && dropout < 1, "dropout", "a float in [0, 1)",
        String.valueOf(dropout));
    requireArgument(inputDropout >= 0 && inputDropout < 1, "inputDropout", "a float in [0, 1)",
        String.valueOf(inputDropout));
    requireArgument(maxNorm >= 0 && Double.isFinite(maxNorm), "maxNorm", "a number > 0, or 0 = off",
        String.valueOf(maxNorm));
    requireArgument(!(name.equals("lstm") && maxNorm > 0), "maxNorm", "0 for the lstm preset",
        String.valueOf(maxNorm));
    Sequential m = new Sequential(Input.shape(height, width, 1));
    if (inputDropout > 0) {
      m.add(new Dropout((float) inputDropout));
    }
    switch (name) {
      case "mlp":
        m.add(new Flatten());
        m.add(dense(512, maxNorm));
        addDropout(m, dropout, MLP_DROPOUT);
        m.add(dense(512, maxNorm));
        addDropout(m, dropout, MLP_DROPOUT);
        break;
      case "cnn":
        m.add(new Conv2D(32, 3, "relu"));
        m.add(new Conv2D(64, 3, "relu"));
        m.add(new MaxPooling2D(2));
        addDropout(m, dropout, CNN_CONV_DROPOUT);
        m.add(new Flatten());
        m.add(dense(128, maxNorm));
        addDropout(m, dropout, CNN_DENSE_DROPOUT);
        break;
      case "lstm":
        float rate = dropout == null ? LSTM_DROPOUT : dropout;
        m.add(new Reshape(height, width));
        m.add(LSTM.builder(128).dropout(rate).recurrentDropout(rate).build());
        break;
      default:
        throw new IllegalArgumentException("invalid value for argument `name`: expected one of " + NAMES
            + ", received name=" + name);
    }
    m.add(new Dense(classes, "softmax"));
    return m;
  }

  private static Layer dense(int units, double maxNorm) {
    Dense.Builder b = Dense.builder(units).activation("relu");
    if (maxNorm > 0) {
      b.kernelConstraint(new MaxNorm((float) maxNorm));
    }
    return b.build();
  }

  private static void addDropout(Sequential m, Float rate, float preset) {
    float r = rate == null ? preset : rate;
    if (r > 0) {
      m.add(new Dropout(r));
    }
  }

  private static void requireArgument(boolean ok, String argument, String expected, String received) {
    if (!ok) {
      throw new IllegalArgumentException("invalid value for argument `" + argument + "`: expected " + expected
          + ", received " + argument + "=" + received);
    }
  }
}
