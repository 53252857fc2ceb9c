package org.dropout4j.cli.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Statistics against values computed independently with SciPy 1.17.1 / NumPy (Debian python3-scipy):
 * <pre>
 * a = [0.81, 0.84, 0.79, 0.86, 0.83, 0.80, 0.85]; b = [0.78, 0.80, 0.77, 0.82, 0.79]
 * a.mean(), a.std(ddof=1)
 * stats.t.ppf(0.975, 6), stats.t.cdf(-1.3, 4.5), stats.t.ppf(0.9, 2.5)
 * stats.t.interval(0.95, 6, loc=a.mean(), scale=stats.sem(a))
 * stats.ttest_ind(a, b, equal_var=False)            # statistic, pvalue, df
 * d = (a.mean() - b.mean()) / pooled_sd;  g = d * (1 - 3 / (4 * (na + nb) - 9))
 * </pre>
 */
class StatisticsTest {
  private static final double[] A = {0.81, 0.84, 0.79, 0.86, 0.83, 0.80, 0.85};
  private static final double[] B = {0.78, 0.80, 0.77, 0.82, 0.79};
  private static final double TOL = 1e-10;

  @Test
  void mean_and_sample_std_match_numpy() {
    assertEquals(0.8257142857142856, Statistics.mean(A), TOL);
    assertEquals(0.02636736799982307, Statistics.sampleStd(A), TOL);
  }

  @Test
  void t_quantile_matches_scipy() {
    assertEquals(2.4469118511449786, Statistics.tQuantile(0.975, 6), 1e-8);
    assertEquals(1.7302509288071766, Statistics.tQuantile(0.9, 2.5), 1e-8);
  }

  @Test
  void t_cdf_matches_scipy_for_fractional_df() {
    assertEquals(0.128098043972017, Statistics.tCdf(-1.3, 4.5), 1e-9);
  }

  @Test
  void confidence_interval_matches_scipy_t_interval() {
    Statistics.Interval ci = Statistics.confidenceInterval(A, 0.95);
    assertEquals(0.801328537525312, ci.low(), 1e-9);
    assertEquals(0.8501000339032593, ci.high(), 1e-9);
  }

  @Test
  void welch_test_matches_scipy_ttest_ind_unequal_var() {
    Statistics.Welch w = Statistics.welch(A, B);
    assertEquals(2.5608843358342597, w.t(), 1e-9);
    assertEquals(9.96981398939384, w.df(), 1e-8);
    assertEquals(0.028392510042048836, w.p(), 1e-9);
  }

  @Test
  void cohens_d_and_hedges_g_match_independent_computation() {
    assertEquals(1.4181913805453874, Statistics.cohensD(A, B), 1e-9);
    assertEquals(1.30909973588805, Statistics.hedgesG(A, B), 1e-9);
  }

  @Test
  void welch_of_a_sample_against_itself_has_p_one() {
    Statistics.Welch w = Statistics.welch(A, A);
    assertEquals(0.0, w.t(), 0.0);
    assertEquals(1.0, w.p(), 1e-12);
  }

  @Test
  void welch_of_constant_unequal_samples_has_p_zero() {
    Statistics.Welch w = Statistics.welch(new double[] {1, 1}, new double[] {0, 0});
    assertEquals(0.0, w.p(), 0.0);
    assertTrue(Double.isInfinite(w.t()));
  }

  @Test
  void welch_with_one_value_throws_naming_the_argument() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Statistics.welch(new double[] {1}, B));
    assertTrue(e.getMessage().contains("`values`"), e.getMessage());
  }

  @Test
  void confidence_level_outside_unit_interval_throws() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Statistics.confidenceInterval(A, 1.5));
    assertTrue(e.getMessage().contains("level=1.5"), e.getMessage());
  }
}
