package dev.jit.spi;

/**
 * A write lost a race: the stored version is not the one the writer started from (or the record
 * already exists). Nothing was written; the caller reloads and decides again.
 */
public class StaleVersionException extends JitException {
  private static final long serialVersionUID = 1L;

  public StaleVersionException(String message) {
    super(message);
  }
}
