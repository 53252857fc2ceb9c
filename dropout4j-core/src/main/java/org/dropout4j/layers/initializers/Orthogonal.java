package org.dropout4j.layers.initializers;

import org.dropout4j.layers.NestedObject;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code Orthogonal} initializer (the default {@code recurrent_initializer} of the recurrent layers): a
 * weight of shape {@code (..., cols)} is viewed as a {@code rows x cols} matrix ({@code rows} = product of the
 * leading axes); a standard-normal matrix of shape {@code (max(rows, cols), min(rows, cols))} is factored
 * {@code A = QR}, the columns of {@code Q} are multiplied by {@code sign(diag(R))} (which makes the distribution
 * uniform over orthogonal matrices), {@code Q} is transposed when {@code rows < cols}, then scaled by {@code gain}
 * (Saxe, McClelland, Ganguli, "Exact solutions to the nonlinear dynamics of learning in deep linear neural
 * networks", ICLR 2014).
 *
 * <p>The QR factor with a positive diagonal of {@code R} is exactly what Gram-Schmidt produces, so the sign
 * correction is implicit here; the orthogonalization runs twice in double precision ("twice is enough").
 */
final class Orthogonal extends NestedObject implements Initializer {
  private final double gain;

  Orthogonal(double gain) {
    super("Orthogonal", "seed", null, "gain", gain);
    this.gain = gain;
  }

  @Override
  public Tensor create(Shape shape, RngKey key) {
    if (shape.rank() < 2) {
      throw new IllegalArgumentException("The tensor to initialize must be at least two-dimensional. Received: "
          + "shape=" + shape + " of rank " + shape.rank());
    }
    int cols = shape.dim(-1);
    int rows = shape.size() / Math.max(cols, 1);
    int n = Math.max(rows, cols);
    int m = Math.min(rows, cols);
    float[] normal = new float[n * m];
    key.fillNormal(normal);
    double[][] q = new double[m][n]; // column j of the n x m matrix, stored as q[j]
    for (int j = 0; j < m; j++) {
      for (int i = 0; i < n; i++) {
        q[j][i] = normal[i * m + j];
      }
      for (int pass = 0; pass < 2; pass++) {
        for (int k = 0; k < j; k++) {
          double dot = 0;
          for (int i = 0; i < n; i++) {
            dot += q[k][i] * q[j][i];
          }
          for (int i = 0; i < n; i++) {
            q[j][i] -= dot * q[k][i];
          }
        }
      }
      double norm = 0;
      for (int i = 0; i < n; i++) {
        norm += q[j][i] * q[j][i];
      }
      norm = Math.sqrt(norm);
      for (int i = 0; i < n; i++) {
        q[j][i] /= norm;
      }
    }
    float[] v = new float[rows * cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        // Q is n x m; with rows >= cols the weight is Q, otherwise Q^T
        v[r * cols + c] = (float) (gain * (rows >= cols ? q[c][r] : q[r][c]));
      }
    }
    return Tensor.of(shape, v);
  }
}
