package org.dropout4j.tensor.blas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** Kernel selection by {@value Blas#PROPERTY} / {@value Blas#ENV}. */
final class BlasTest {
  @Test
  void nothing_set_selects_auto() {
    Blas.Setting s = Blas.configured(null, null);
    assertEquals("auto", s.value);
  }

  @Test
  void property_wins_over_environment_variable() {
    Blas.Setting s = Blas.configured("java", "native");
    assertEquals(Blas.PROPERTY, s.source);
    assertEquals("java", s.value);
  }

  @Test
  void environment_variable_used_when_property_unset() {
    Blas.Setting s = Blas.configured(null, "native");
    assertEquals(Blas.ENV, s.source);
    assertEquals("native", s.value);
  }

  @Test
  void java_selects_the_java_kernel() {
    assertSame(Blas.java(), Blas.select(new Blas.Setting(Blas.PROPERTY, "java")));
  }

  @Test
  void values_are_case_insensitive_and_trimmed() {
    assertSame(Blas.java(), Blas.select(new Blas.Setting(Blas.PROPERTY, " JAVA ")));
  }

  @Test
  void invalid_property_value_throws_naming_property_value_and_choices() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Blas.select(new Blas.Setting(Blas.PROPERTY, "mkl")));
    assertTrue(e.getMessage().contains("dropout4j.blas=mkl"), e.getMessage());
    assertTrue(e.getMessage().contains("auto, auto-native, native, java, vector"), e.getMessage());
  }

  @Test
  void invalid_environment_value_throws_naming_the_variable() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Blas.select(new Blas.Setting(Blas.ENV, "gpu")));
    assertTrue(e.getMessage().contains("DROPOUT4J_BLAS=gpu"), e.getMessage());
  }

  @Test
  void native_selects_openblas_when_it_loads() {
    assumeTrue(Blas.nativeAvailable());
    assertEquals("openblas", Blas.select(new Blas.Setting(Blas.PROPERTY, "native")).name());
  }

  @Test
  void auto_native_sends_small_products_to_java_and_large_ones_to_openblas() {
    assumeTrue(Blas.nativeAvailable());
    AutoGemm auto = (AutoGemm) Blas.select(new Blas.Setting(Blas.PROPERTY, "auto-native"));
    assertSame(Blas.java(), auto.kernelFor(false, false, 3, 3, 3));
    assertEquals("openblas", auto.kernelFor(false, false, 4, 4, 4).name());
    assertEquals("openblas", auto.kernelFor(false, false, 30, 500, 2).name());
    assertEquals("openblas", auto.kernelFor(false, false, 128, 512, 784).name());
  }

  @Test
  void auto_sends_deep_wide_products_to_the_vector_kernel_and_the_rest_as_auto_native() {
    assumeTrue(Blas.nativeAvailable() && Blas.vectorAvailable());
    AutoGemm auto = (AutoGemm) Blas.select(new Blas.Setting(Blas.PROPERTY, "auto"));
    assertSame(Blas.java(), auto.kernelFor(false, false, 3, 3, 3));
    assertEquals("vector", auto.kernelFor(false, false, 128, 512, 784).name());
    assertEquals("vector", auto.kernelFor(true, false, 784, 512, 128).name());
    assertEquals("vector", auto.kernelFor(false, true, 128, 784, 512).name());
    assertEquals("openblas", auto.kernelFor(false, false, 30, 500, 2).name(), "too shallow");
    assertEquals("openblas", auto.kernelFor(false, false, 1, 512, 784).name(), "few rows: FewRowsGemm");
    assertEquals("openblas", auto.kernelFor(false, false, 10000, 1, 512).name(), "few columns: dot products");
    assertEquals("openblas", auto.kernelFor(false, false, 16, 16, 16).name(), "too little work");
  }

  @Test
  void vector_selects_the_vector_kernel_or_says_why_not() {
    if (Blas.vectorAvailable()) {
      assertEquals("vector", Blas.select(new Blas.Setting(Blas.PROPERTY, "vector")).name());
    } else {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> Blas.select(new Blas.Setting(Blas.PROPERTY, "vector")));
      assertTrue(e.getMessage().contains("jdk.incubator.vector"), e.getMessage());
    }
  }

  @Test
  void default_gemm_multiplies() {
    float[] c = new float[1];
    Blas.gemm().sgemm(false, false, 1, 1, 2, 1f, new float[] {2, 3}, 0, 2, new float[] {4, 5}, 0, 1, 0f, c, 0, 1);
    assertEquals(23f, c[0]);
  }
}
