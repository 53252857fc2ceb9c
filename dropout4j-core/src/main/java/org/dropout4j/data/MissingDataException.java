package org.dropout4j.data;

import java.nio.file.NoSuchFileException;

/** A data set's files are not where they were looked for; the message says where and how to get them. */
public final class MissingDataException extends NoSuchFileException {
  private static final long serialVersionUID = 1L;

  MissingDataException(String message) {
    super(message);
  }

  @Override
  public String getMessage() {
    return getFile();
  }
}
