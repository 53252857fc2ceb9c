package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The io module prints nothing of its own when it reads a Keras HDF5 file in an application without an SLF4J
 * backend: jHDF's SLF4J "no providers" warning stays off stderr. Runs a fresh JVM (SLF4J initialises once per JVM).
 */
class QuietSlf4jTest {
  /** Entry point of the child JVM: loads a Keras .h5 file and predicts. */
  public static void main(String[] args) throws Exception {
    Models.load(Path.of(args[0]));
    System.out.println("loaded");
  }

  @Test
  void loading_a_keras_h5_file_without_an_slf4j_backend_writes_nothing_to_stderr() throws Exception {
    String cp = System.getProperty("java.class.path");
    assertFalse(QuietSlf4j.providerPresent(getClass().getClassLoader()),
        "this test needs a class path without an SLF4J provider (the io module has none)");
    Path h5 = KerasImportTest.resource("keras3/dense_dropout_mlp.h5");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp,
        QuietSlf4jTest.class.getName(), h5.toString()).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM finished");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), err);
    assertEquals("loaded", out.strip());
    assertEquals("", err, "stderr of a library call");
  }

  @Test
  void only_an_application_without_backend_and_without_its_own_setting_is_silenced() {
    assertTrue(QuietSlf4j.shouldSilence(null, false));
    assertFalse(QuietSlf4j.shouldSilence("INFO", false), "the application's own setting wins");
    assertFalse(QuietSlf4j.shouldSilence(null, true), "a backend (Logback, slf4j-simple) is left as configured");
  }
}
