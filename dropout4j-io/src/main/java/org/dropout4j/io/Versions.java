package org.dropout4j.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The library version written into files ({@code dropout4j 0.1.0-SNAPSHOT}). */
final class Versions {
  static final String LIBRARY = "dropout4j " + read();

  private Versions() {
  }

  private static String read() {
    try (InputStream in = Versions.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
