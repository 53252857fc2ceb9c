package org.dropout4j.io;

import java.io.IOException;

/**
 * Keeps SLF4J's "No SLF4J providers were found" warning off stderr when jHDF (the HDF5 reader behind
 * {@link KerasImport}) initialises SLF4J in an application that has no SLF4J logging backend.
 *
 * <p>Without a provider SLF4J discards every log record anyway; its only output is that warning, printed by the
 * library on the application's stderr. Before the first HDF5 read, if no provider is on the class path
 * ({@code META-INF/services/org.slf4j.spi.SLF4JServiceProvider}) and the application has not set
 * {@value #VERBOSITY} itself, that property is set to {@code ERROR}. An application with a backend (Logback,
 * slf4j-simple, ...) is not touched and gets jHDF's records as usual.
 */
final class QuietSlf4j {
  /** SLF4J 2's system property for the level of its own internal reports. */
  static final String VERBOSITY = "slf4j.internal.verbosity";
  private static final String PROVIDERS = "META-INF/services/org.slf4j.spi.SLF4JServiceProvider";
  private static volatile boolean done;

  private QuietSlf4j() {
  }

  /** Applies the rule above once per class loader; cheap after the first call. */
  static void ensure() {
    if (done) {
      return;
    }
    synchronized (QuietSlf4j.class) {
      if (!done) {
        if (shouldSilence(System.getProperty(VERBOSITY), providerPresent(QuietSlf4j.class.getClassLoader()))) {
          System.setProperty(VERBOSITY, "ERROR");
        }
        done = true;
      }
    }
  }

  /** The rule: only when the application has set no verbosity and has no backend that could log anything. */
  static boolean shouldSilence(String verbositySetting, boolean providerPresent) {
    return verbositySetting == null && !providerPresent;
  }

  /** Whether an SLF4J 2 provider is registered for the class loader. */
  static boolean providerPresent(ClassLoader loader) {
    try {
      ClassLoader l = loader != null ? loader : ClassLoader.getSystemClassLoader();
      return l.getResources(PROVIDERS).hasMoreElements();
    } catch (IOException | SecurityException e) {
      return true;   // cannot tell: leave SLF4J as configured
    }
  }
}
