package dev.jit.spi;

import java.util.List;

/**
 * The configuration of one grant backend instance, owned by its adapter module: a record with
 * defaults for what may be left out. The reference app reads it from its YAML file strictly
 * (unknown keys and wrong types refused) and calls {@link #validate()} before creating anything.
 */
public interface BackendConfig {

  /**
   * Everything wrong with this configuration, each naming its key relative to the instance (for
   * example {@code roles[1]} or {@code region}); empty when valid. Makes no remote call.
   */
  List<Problem> validate();
}
