package org.dropout4j.cli.experiment;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Small inferential statistics for repeated trainings: mean, sample standard deviation, Student-t confidence
 * intervals, Welch's unequal-variance t-test and the standardized effect sizes Cohen's d and Hedges' g.
 *
 * <p>The Student t distribution comes from Apache Commons Math 3.6.1 ({@link TDistribution}, regularized incomplete
 * beta function); everything else is written out here. Formulas:
 * <ul>
 *   <li>sample std {@code s = sqrt(sum (x - mean)^2 / (n - 1))}</li>
 *   <li>CI: {@code mean ± t_{1-alpha/2, n-1} * s / sqrt(n)}</li>
 *   <li>Welch: {@code t = (mean_a - mean_b) / sqrt(s_a^2/n_a + s_b^2/n_b)}, Welch-Satterthwaite
 *       {@code df = (v_a + v_b)^2 / (v_a^2/(n_a-1) + v_b^2/(n_b-1))} with {@code v = s^2/n}, two-sided p</li>
 *   <li>Cohen's d with the pooled std {@code sqrt(((n_a-1)s_a^2 + (n_b-1)s_b^2) / (n_a+n_b-2))}; Hedges' g
 *       {@code = d * (1 - 3 / (4(n_a+n_b) - 9))}</li>
 * </ul>
 *
 * <pre>{@code
 * Statistics.Welch w = Statistics.welch(dropout, baseline);
 * boolean significant = w.p() < 0.05;
 * }</pre>
 */
public final class Statistics {
  private Statistics() {
  }

  /** A confidence interval {@code [low, high]} around {@code mean}. */
  public record Interval(double mean, double low, double high) {
    /** Half the width of the interval. */
    public double halfWidth() {
      return (high - low) / 2;
    }
  }

  /** Welch's t-test: statistic {@code t}, Welch-Satterthwaite degrees of freedom {@code df}, two-sided {@code p}. */
  public record Welch(double t, double df, double p) {
  }

  /**
   * The arithmetic mean.
   *
   * @throws IllegalArgumentException if {@code values} is empty
   */
  public static double mean(double[] values) {
    requireAtLeast(values, 1);
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  /**
   * The sample standard deviation (denominator {@code n - 1}); 0 for a single value.
   *
   * @throws IllegalArgumentException if {@code values} is empty
   */
  public static double sampleStd(double[] values) {
    double m = mean(values);
    if (values.length == 1) {
      return 0.0;
    }
    double ss = 0;
    for (double v : values) {
      ss += (v - m) * (v - m);
    }
    return Math.sqrt(ss / (values.length - 1));
  }

  /**
   * The {@code p}-quantile of Student's t distribution with {@code df} degrees of freedom.
   *
   * @param p in (0, 1)
   * @param df {@code > 0}
   */
  public static double tQuantile(double p, double df) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("invalid value for argument `p`: expected a probability in (0, 1), "
          + "received p=" + p);
    }
    requirePositiveDf(df);
    return new TDistribution(null, df).inverseCumulativeProbability(p);
  }

  /** The CDF of Student's t distribution with {@code df > 0} degrees of freedom at {@code t}. */
  public static double tCdf(double t, double df) {
    requirePositiveDf(df);
    return new TDistribution(null, df).cumulativeProbability(t);
  }

  /**
   * The two-sided confidence interval of the mean with the t distribution ({@code n - 1} degrees of freedom).
   * With one value the interval is the point itself.
   *
   * @param level confidence level in (0, 1), e.g. 0.95
   * @throws IllegalArgumentException if {@code values} is empty or {@code level} is outside (0, 1)
   */
  public static Interval confidenceInterval(double[] values, double level) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("invalid value for argument `level`: expected a float in (0, 1), "
          + "received level=" + level);
    }
    double m = mean(values);
    if (values.length == 1) {
      return new Interval(m, m, m);
    }
    double half = tQuantile(1 - (1 - level) / 2, values.length - 1) * sampleStd(values) / Math.sqrt(values.length);
    return new Interval(m, m - half, m + half);
  }

  /**
   * Welch's two-sample t-test of {@code mean(a) - mean(b)}, two-sided. If both samples have zero variance the test
   * is undefined: {@code t} is then 0 with {@code p = 1} when the means are equal, else infinite with {@code p = 0}.
   *
   * @throws IllegalArgumentException if a sample has fewer than two values
   */
  public static Welch welch(double[] a, double[] b) {
    requireAtLeast(a, 2);
    requireAtLeast(b, 2);
    double va = sq(sampleStd(a)) / a.length;
    double vb = sq(sampleStd(b)) / b.length;
    double diff = mean(a) - mean(b);
    if (va + vb == 0) {
      return diff == 0 ? new Welch(0, a.length + b.length - 2, 1.0)
          : new Welch(Math.copySign(Double.POSITIVE_INFINITY, diff), a.length + b.length - 2, 0.0);
    }
    double t = diff / Math.sqrt(va + vb);
    double df = sq(va + vb) / (sq(va) / (a.length - 1) + sq(vb) / (b.length - 1));
    double p = 2 * tCdf(-Math.abs(t), df);
    return new Welch(t, df, Math.min(1.0, p));
  }

  /**
   * Cohen's d of {@code a} against {@code b} with the pooled sample std; 0 if both are constant and equal.
   *
   * @throws IllegalArgumentException if a sample has fewer than two values
   */
  public static double cohensD(double[] a, double[] b) {
    requireAtLeast(a, 2);
    requireAtLeast(b, 2);
    int na = a.length;
    int nb = b.length;
    double pooled = Math.sqrt(((na - 1) * sq(sampleStd(a)) + (nb - 1) * sq(sampleStd(b))) / (na + nb - 2));
    double diff = mean(a) - mean(b);
    if (pooled == 0) {
      return diff == 0 ? 0.0 : Math.copySign(Double.POSITIVE_INFINITY, diff);
    }
    return diff / pooled;
  }

  /** Hedges' g: Cohen's d with the small-sample correction {@code 1 - 3 / (4(n_a + n_b) - 9)}. */
  public static double hedgesG(double[] a, double[] b) {
    return cohensD(a, b) * (1 - 3.0 / (4.0 * (a.length + b.length) - 9));
  }

  private static double sq(double x) {
    return x * x;
  }

  private static void requirePositiveDf(double df) {
    if (!(df > 0)) {
      throw new IllegalArgumentException("invalid value for argument `df`: expected a number > 0, received df=" + df);
    }
  }

  private static void requireAtLeast(double[] values, int n) {
    if (values == null || values.length < n) {
      throw new IllegalArgumentException("invalid value for argument `values`: expected at least " + n
          + " value(s), received " + (values == null ? "null" : values.length));
    }
  }
}
