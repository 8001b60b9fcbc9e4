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
      "the engine instance id is JIT_INSTANCE_ID, else host name and management port: the same for one"
          + " process across restarts, different for two processes on one host")
  void stableAndDistinct() {
    Env unset = new Env(Map.of());
    assertThat(unset.instanceId(9464)).isEqualTo(unset.instanceId(9464)).endsWith(":9464");
    assertThat(unset.instanceId(9464)).isNotEqualTo(unset.instanceId(9465));
    assertThat(new Env(Map.of(Env.INSTANCE_ID, " jit-0 ")).instanceId(3000)).isEqualTo("jit-0");
  }

  @Test
  @DisplayName(
      "the Slack port listens on every interface and the management port on loopback unless set")
  void addresses() {
    Env unset = new Env(Map.of());
    assertThat(unset.httpAddress().getAddress().isAnyLocalAddress()).isTrue();
    assertThat(unset.httpAddress().getPort()).isEqualTo(3000);
    assertThat(unset.managementAddress().getAddress().isLoopbackAddress()).isTrue();
    assertThat(unset.managementAddress().getPort()).isEqualTo(9464);
    Env set = new Env(Map.of(Env.MANAGEMENT_ADDRESS, "0.0.0.0", Env.MANAGEMENT_PORT, "9000"));
    assertThat(set.managementAddress().getAddress().isAnyLocalAddress()).isTrue();
    assertThat(set.managementAddress().getPort()).isEqualTo(9000);
    assertThatThrownBy(() -> new Env(Map.of(Env.MANAGEMENT_PORT, "70000")).managementAddress())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(Env.MANAGEMENT_PORT);
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
