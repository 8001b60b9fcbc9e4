package dev.jit.app.config;

import dev.jit.spi.JitException;

/**
 * The configuration file or the environment is unusable. The message names the file, the key or the
 * variable, and never includes a secret's value.
 */
public class ConfigException extends JitException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
