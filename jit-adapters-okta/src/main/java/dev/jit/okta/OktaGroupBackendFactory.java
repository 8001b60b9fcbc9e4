package dev.jit.okta;

import dev.jit.okta.internal.Credentials;
import dev.jit.okta.internal.Dpop;
import dev.jit.okta.internal.OktaHttp;
import dev.jit.okta.internal.Signing;
import dev.jit.okta.internal.TokenSource;
import dev.jit.spi.BackendContext;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.GrantBackendFactory;
import dev.jit.spi.JitException;
import dev.jit.spi.StepRules;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes {@code okta-group} backends ({@link OktaGroupBackend}). Reads the private key (or, as the
 * less safe fallback, the SSWS token) once, here; opens no connection, so a wrong key shows at the
 * first call as a clear, permanent error.
 */
public final class OktaGroupBackendFactory implements GrantBackendFactory<OktaGroupConfig> {

  /** The kind configuration names. */
  public static final String KIND = "okta-group";

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Class<OktaGroupConfig> configType() {
    return OktaGroupConfig.class;
  }

  @Override
  public StepRules stepRules(OktaGroupConfig config) {
    return OktaGroupBackend.stepRules(config.groupIds());
  }

  @Override
  public GrantBackend create(String name, OktaGroupConfig config, BackendContext context) {
    String label = "okta backend '" + name + "'";
    Credentials credentials;
    Signing signing = null;
    if (config.usesSsws()) {
      credentials = Credentials.ssws(env(context, config.sswsTokenEnv(), "sswsTokenEnv", label));
    } else {
      String material;
      String source;
      if (!config.privateKeyFile().isEmpty()) {
        source = "privateKeyFile " + config.privateKeyFile();
        try {
          material = Files.readString(Path.of(config.privateKeyFile()));
        } catch (IOException | RuntimeException e) {
          throw new JitException(
              label + ": cannot read " + source + " (" + e.getClass().getSimpleName() + ")");
        }
      } else {
        source = "environment variable " + config.privateKeyEnv();
        material = env(context, config.privateKeyEnv(), "privateKeyEnv", label);
      }
      signing = Signing.parse(material, config.algorithm(), config.keyId(), label + "'s " + source);
      credentials = null;
    }
    OktaHttp http =
        new OktaHttp(
            URI.create(config.orgUrl()),
            config.connectTimeout(),
            config.requestTimeout(),
            config.maxConcurrentCalls(),
            config.rateLimitReservePercent(),
            context.clock());
    if (credentials == null) {
      credentials =
          new TokenSource(
              http,
              config.clientId(),
              signing,
              config.scopes(),
              config.dpop() ? new Dpop(context.clock()) : null,
              context.clock(),
              config.tokenRefreshBefore(),
              label);
    }
    return new OktaGroupBackend(name, config, http, credentials);
  }

  private static String env(BackendContext context, String variable, String key, String label) {
    return context
        .env(variable)
        .filter(v -> !v.isBlank())
        .orElseThrow(
            () ->
                new JitException(
                    label + ": environment variable " + variable + " (" + key + ") is not set"));
  }
}
