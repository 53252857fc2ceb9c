package org.dropout4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Keras' clipping options ({@code clipnorm}, {@code global_clipnorm}, {@code clipvalue}): each must be a positive
 * finite float, and at most one of them may be set, as Keras' optimizer constructor checks.
 */
class ClippingOptionsTest {
  @Test
  void each_clipping_option_refuses_a_non_positive_value_naming_itself() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SGD(0.1).clipnorm(0));
    assertTrue(e.getMessage().contains("`clipnorm`") && e.getMessage().contains("clipnorm=0.0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new SGD(0.1).globalClipnorm(-1));
    assertTrue(e.getMessage().contains("`global_clipnorm`"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new SGD(0.1).clipvalue(Double.NaN));
    assertTrue(e.getMessage().contains("`clipvalue`"), e.getMessage());
  }

  @Test
  void a_second_clipping_option_is_refused_naming_the_one_already_set() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SGD(0.1).clipnorm(1.0).clipvalue(0.5));
    assertTrue(e.getMessage().contains("clipnorm=1.0") && e.getMessage().contains("clipvalue=0.5"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Adagrad(0.1).clipvalue(0.5).globalClipnorm(2.0));
    assertTrue(e.getMessage().contains("global_clipnorm=2.0"), e.getMessage());
  }
}
