package dev.jit.aws.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the fake refuses at the door, as AWS does: unsigned, wrongly scoped or unknown-key calls.
 */
class FakeAwsTest {
  private final FakeAws aws = FakeAws.start();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void close() {
    aws.close();
  }

  private static String auth(String key, String service) {
    return "AWS4-HMAC-SHA256 Credential="
        + key
        + "/20261125/us-east-1/"
        + service
        + "/aws4_request, SignedHeaders=host;x-amz-date, Signature=00ff";
  }

  private HttpResponse<String> json(String target, String authorization, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(aws.uri() + "/"))
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/x-amz-json-1.1")
            .header("X-Amz-Target", target)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String listBody() {
    return "{\"InstanceArn\":\"" + aws.instanceArn() + "\"}";
  }

  @Test
  @DisplayName("a call signed for the right service with the configured key is served")
  void signed() throws Exception {
    HttpResponse<String> r =
        json("SWBExternalService.ListInstances", auth(FakeAws.ACCESS_KEY, "sso"), listBody());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains(aws.instanceArn());
  }

  @Test
  @DisplayName("unsigned calls, other keys and other services' scopes are refused")
  void refused() throws Exception {
    String target = "SWBExternalService.ListInstances";
    assertThat(json(target, null, listBody()).body()).contains("UnrecognizedClientException");
    assertThat(json(target, auth("AKIAOTHER", "sso"), listBody()).body())
        .contains("security token included in the request is invalid");
    assertThat(json(target, auth(FakeAws.ACCESS_KEY, "identitystore"), listBody()).body())
        .contains("scoped to correct service: 'sso'");
  }

  @Test
  @DisplayName("a second operation on an assignment in flight is a ConflictException")
  void conflict() throws Exception {
    String ps = aws.permissionSet("ReadOnly", Duration.ofHours(1));
    String user = aws.user("alice", "alice@example.com");
    String body =
        "{\"InstanceArn\":\"%s\",\"TargetId\":\"123456789012\",\"TargetType\":\"AWS_ACCOUNT\",\"PermissionSetArn\":\"%s\",\"PrincipalType\":\"USER\",\"PrincipalId\":\"%s\"}"
            .formatted(aws.instanceArn(), ps, user);
    String target = "SWBExternalService.CreateAccountAssignment";

    HttpResponse<String> first = json(target, auth(FakeAws.ACCESS_KEY, "sso"), body);
    HttpResponse<String> second = json(target, auth(FakeAws.ACCESS_KEY, "sso"), body);

    assertThat(first.body()).contains("IN_PROGRESS");
    assertThat(second.statusCode()).isEqualTo(400);
    assertThat(second.body()).contains("ConflictException");
    assertThat(aws.inFlightCreations()).isEqualTo(1);
  }
}
