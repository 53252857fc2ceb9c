package org.dropout4j.optimizers;

import java.util.List;
import org.dropout4j.tensor.Parameter;

/** Keras' {@code _clip_gradients}, in place on the gradients of the active weights. */
final class GradientClipping {
  private GradientClipping() {
  }

  static void clip(List<Parameter> parameters, List<Integer> active, Float clipnorm, Float globalClipnorm,
      Float clipvalue) {
    if (clipnorm != null) {
      float c = clipnorm;
      for (int i : active) { // tf.clip_by_norm: g * c / max(|g|, c)
        float[] g = parameters.get(i).gradData();
        float norm = (float) Math.sqrt(sumOfSquares(g));
        float denominator = Math.max(norm, c);
        for (int k = 0; k < g.length; k++) {
          g[k] = g[k] * c / denominator;
        }
      }
    } else if (globalClipnorm != null) {
      float c = globalClipnorm;
      float squared = 0f;
      for (int i : active) {
        squared += sumOfSquares(parameters.get(i).gradData());
      }
      float norm = (float) Math.sqrt(squared);
      // Keras: scale = c * min(1 / norm, 1 / c), NaN when the norm is not finite
      float scale = c * Math.min(1f / norm, 1f / c) + (norm - norm);
      for (int i : active) {
        float[] g = parameters.get(i).gradData();
        for (int k = 0; k < g.length; k++) {
          g[k] *= scale;
        }
      }
    } else if (clipvalue != null) {
      float v = clipvalue;
      for (int i : active) {
        float[] g = parameters.get(i).gradData();
        for (int k = 0; k < g.length; k++) {
          g[k] = Math.max(-v, Math.min(v, g[k]));
        }
      }
    }
  }

  private static float sumOfSquares(float[] g) {
    double s = 0;
    for (float x : g) {
      s += x * x;
    }
    return (float) s;
  }
}
