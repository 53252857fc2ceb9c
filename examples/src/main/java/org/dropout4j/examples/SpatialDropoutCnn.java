package org.dropout4j.examples;

import java.io.IOException;
import org.dropout4j.data.LabeledImages;
import org.dropout4j.data.TrainTest;
import org.dropout4j.layers.Conv2D;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Flatten;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.MaxPooling2D;
import org.dropout4j.layers.regularization.SpatialDropout2D;
import org.dropout4j.models.FitOptions;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Tensor;

/**
 * {@code SpatialDropout2D} after convolutions: it drops whole feature maps, because neighbouring pixels of one map
 * are strongly correlated and dropping single pixels barely regularises. The example also shows what the layer does
 * to one image in training mode: every channel is either all zeros or all kept (scaled by 1 / (1 - rate)).
 */
public final class SpatialDropoutCnn {
  private SpatialDropoutCnn() {
  }

  /** Shows the channel mask, trains and prints test accuracy; {@code --quick}: 512 images, 1 epoch. */
  public static void main(String[] args) throws IOException {
    boolean quick = Quick.isOn(args);
    SpatialDropout2D spatial = new SpatialDropout2D(0.3f);
    Sequential model = new Sequential(Input.shape(28, 28, 1),
        new Conv2D(16, 3, "relu"), spatial, new MaxPooling2D(2),
        new Conv2D(32, 3, "relu"), new SpatialDropout2D(0.3f), new MaxPooling2D(2),
        new Flatten(), new Dense(10, "softmax"));
    model.setRandomSeed(1);
    model.compile("adam", "sparse_categorical_crossentropy", "accuracy");

    TrainTest<LabeledImages> data = FashionData.load(quick ? 512 : 60000, quick ? 256 : 10000);
    Tensor one = data.train().first(1).images(1f / 255);
    model.build(one.shape());
    Tensor features = model.layers().get(0).call(one, CallContext.inference());
    Tensor dropped = spatial.call(features, CallContext.inference().withTraining(true));
    StringBuilder kept = new StringBuilder();
    for (int c = 0; c < 16; c++) {
      kept.append(channelState(features, dropped, c, 1f / (1f - spatial.rate())));
    }
    System.out.println("the 16 feature maps of one image after SpatialDropout2D(0.3) in training mode");
    System.out.println("(K = whole map kept and scaled by 1/(1-rate), 0 = whole map dropped, - = map was all zero): "
        + kept);

    model.fit(data.train().images(1f / 255), data.train().labels(), FitOptions.builder().epochs(quick ? 1 : 10)
        .batchSize(128).verbose(2).build());
    System.out.printf("test accuracy %.4f%n",
        model.evaluate(data.test().images(1f / 255), data.test().labels()).get("accuracy"));
  }

  /** 'K' if channel {@code c} (channels_last) is the input scaled, '0' if all zero, '-' if the input was zero. */
  private static char channelState(Tensor in, Tensor out, int c, float scale) {
    int channels = in.shape().dim(3);
    float[] x = in.toArray();
    float[] y = out.toArray();
    boolean inputZero = true;
    boolean allZero = true;
    boolean allScaled = true;
    for (int i = c; i < x.length; i += channels) {
      inputZero &= x[i] == 0f;
      allZero &= y[i] == 0f;
      allScaled &= Math.abs(y[i] - x[i] * scale) <= 1e-6f * Math.max(1f, Math.abs(y[i]));
    }
    if (inputZero) {
      return '-';
    }
    if (allZero) {
      return '0';
    }
    if (allScaled) {
      return 'K';
    }
    throw new IllegalStateException("channel " + c + " was partly dropped: not spatial dropout");
  }
}
