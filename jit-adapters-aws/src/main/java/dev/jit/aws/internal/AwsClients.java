package dev.jit.aws.internal;

import dev.jit.spi.BackendContext;
import dev.jit.spi.JitException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The SDK clients of one backend instance: one URL-connection HTTP client, credentials (static keys
 * from named environment variables, the default chain, optionally an assumed role), the region,
 * endpoint overrides, and no SDK retries — jit retries through its scheduler, and every attempt
 * must pass the instance's rate limit. Closing it closes every client it built.
 */
public final class AwsClients implements AutoCloseable {

  /** What the clients need from an instance's connection settings. */
  public record Settings(
      String instance,
      String region,
      Optional<String> accessKeyIdEnv,
      Optional<String> secretAccessKeyEnv,
      Optional<String> sessionTokenEnv,
      Optional<String> roleArn,
      Optional<String> roleSessionName,
      Optional<String> externalIdEnv,
      Map<String, String> endpoints,
      Duration callTimeout) {}

  private final Settings settings;
  private final SdkHttpClient http;
  private final AwsCredentialsProvider credentials;
  private final List<SdkAutoCloseable> closeables = new ArrayList<>();

  public AwsClients(Settings settings, BackendContext context) {
    this.settings = settings;
    this.http =
        UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(settings.callTimeout())
            .build();
    AwsCredentialsProvider base = baseCredentials(settings, context);
    if (settings.roleArn().isPresent()) {
      StsClient sts = build(StsClient.builder(), "sts", base);
      String session = settings.roleSessionName().orElse("jit-" + settings.instance());
      Optional<String> externalId = settings.externalIdEnv().map(v -> env(context, v));
      StsAssumeRoleCredentialsProvider assumed =
          StsAssumeRoleCredentialsProvider.builder()
              .stsClient(sts)
              .refreshRequest(
                  r -> {
                    r.roleArn(settings.roleArn().get()).roleSessionName(session);
                    externalId.ifPresent(r::externalId);
                  })
              .build();
      closeables.add(assumed);
      this.credentials = assumed;
    } else {
      this.credentials = base;
    }
  }

  /** A client of {@code service} (its endpoint key) built with this instance's settings. */
  public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkAutoCloseable>
      C client(B builder, String service) {
    return build(builder, service, credentials);
  }

  private <
          B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkAutoCloseable>
      C build(B builder, String service, AwsCredentialsProvider with) {
    builder
        .httpClient(http)
        .credentialsProvider(with)
        .region(Region.of(settings.region()))
        .overrideConfiguration(
            ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .apiCallTimeout(settings.callTimeout())
                .build());
    String endpoint = settings.endpoints().get(service);
    if (endpoint != null) {
      builder.endpointOverride(URI.create(endpoint));
    }
    C client = builder.build();
    synchronized (closeables) {
      closeables.add(client);
    }
    return client;
  }

  private static AwsCredentialsProvider baseCredentials(Settings s, BackendContext context) {
    if (s.accessKeyIdEnv().isEmpty()) {
      return DefaultCredentialsProvider.builder().build();
    }
    String id = env(context, s.accessKeyIdEnv().get());
    String secret = env(context, s.secretAccessKeyEnv().orElseThrow());
    Optional<String> token = s.sessionTokenEnv().map(v -> env(context, v));
    return StaticCredentialsProvider.create(
        token.isPresent()
            ? AwsSessionCredentials.create(id, secret, token.get())
            : AwsBasicCredentials.create(id, secret));
  }

  private static String env(BackendContext context, String name) {
    return context
        .env(name)
        .filter(v -> !v.isBlank())
        .orElseThrow(() -> new JitException("environment variable " + name + " is not set"));
  }

  @Override
  public void close() {
    synchronized (closeables) {
      for (int i = closeables.size() - 1; i >= 0; i--) {
        try {
          closeables.get(i).close();
        } catch (RuntimeException e) {
          // closing must not throw; nothing useful to do with a failure here
        }
      }
      closeables.clear();
    }
    http.close();
  }
}
