package dev.jit.spi;

/**
 * Root of every exception jit throws. Messages are written for the person operating jit and never
 * contain secrets.
 */
public class JitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JitException(String message) {
    super(message);
  }

  public JitException(String message, Throwable cause) {
    super(message, cause);
  }
}
