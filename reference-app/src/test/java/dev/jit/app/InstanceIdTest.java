package dev.jit.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jit.app.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class InstanceIdTest {
  @Test
  @DisplayName(
      "the engine instance id is JIT_INSTANCE_ID, else host name and HTTP port: the same for one"
          + " process across restarts, different for two processes on one host")
  void stableAndDistinct() {
    Env unset = new Env(Map.of());
    assertThat(unset.instanceId(3000)).isEqualTo(unset.instanceId(3000)).endsWith(":3000");
    assertThat(unset.instanceId(3000)).isNotEqualTo(unset.instanceId(3001));
    assertThat(new Env(Map.of(Env.INSTANCE_ID, " jit-0 ")).instanceId(3000)).isEqualTo("jit-0");
  }

  @Test
  @DisplayName("an instance id with spaces, control characters or over 128 characters is refused")
  void refused() {
    for (String bad : new String[] {"jit 0", "jit\u00000", "x".repeat(129)}) {
      assertThatThrownBy(() -> new Env(Map.of(Env.INSTANCE_ID, bad)).instanceId(3000))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(Env.INSTANCE_ID);
    }
  }
}
