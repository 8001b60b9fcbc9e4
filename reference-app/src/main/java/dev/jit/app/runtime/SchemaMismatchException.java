package dev.jit.app.runtime;

import dev.jit.app.config.ConfigException;

/**
 * jit's database schema is not the one this jit needs (not migrated, behind, ahead, or a migration
 * failed). The message says which, and what to do; {@code serve} exits with {@link
 * dev.jit.app.cli.ExitCodes#SCHEMA}.
 */
public final class SchemaMismatchException extends ConfigException {
  private static final long serialVersionUID = 1L;

  SchemaMismatchException(String message) {
    super(message);
  }
}
