package dev.jit.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.spi.AccessRequest;
import dev.jit.spi.Notification;
import dev.jit.spi.NotificationKind;
import dev.jit.spi.RequestStatus;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What a requester (and an approver, in the approval message's status line) is told about a failed
 * grant or revocation: plain words and the request id, no internals.
 */
class RequesterTextsTest {
  private static final String RAW =
      "SQLState 42501: permission denied for role payments_read at"
          + " arn:aws:iam::123456789012:role/jit";

  @Test
  @DisplayName(
      "a failed grant's DM names the request and says what failed, without the backend's error")
  void failedHidesBackendError() {
    AccessRequest r = Samples.request(RequestStatus.GRANT_FAILED).toBuilder().reason(RAW).build();

    String dm =
        Samples.json(
                Surfaces.forNotification(
                    new Notification(NotificationKind.FAILED, r, Set.of(Samples.REQUESTER), RAW)))
            .toString();

    assertThat(dm)
        .contains(Samples.ID.value(), "could not be granted", "admin")
        .doesNotContain("SQLState", "payments_read", "arn:aws", "42501");
  }

  @Test
  @DisplayName("a rolled-back grant's DM does not show the backend's error either")
  void rolledBackHidesBackendError() {
    AccessRequest r = Samples.request(RequestStatus.ROLLED_BACK).toBuilder().reason(RAW).build();

    String dm =
        Samples.json(
                Surfaces.forNotification(
                    new Notification(
                        NotificationKind.ROLLED_BACK, r, Set.of(Samples.REQUESTER), RAW)))
            .toString();

    assertThat(dm).contains(Samples.ID.value()).doesNotContain("SQLState", "payments_read");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(
      value = RequestStatus.class,
      names = {"GRANT_FAILED", "ROLLBACK_FAILING", "REVOCATION_FAILING", "ROLLED_BACK"})
  @DisplayName(
      "the approvers' status line of a failed grant or revocation names the request, not the"
          + " backend's error")
  void statusLineHidesBackendError(RequestStatus status) {
    AccessRequest r = Samples.request(status).toBuilder().reason(RAW).attempts(3).build();

    String line = dev.jit.slack.internal.StatusLine.of(r);

    assertThat(line)
        .contains(Samples.ID.value())
        .doesNotContain("SQLState", "payments_read", "arn:aws", "42501");
  }

  @Test
  @DisplayName("a person's own reason (deny, revoke) still shows in the status line")
  void statusLineKeepsPeoplesReasons() {
    AccessRequest denied =
        Samples.request(RequestStatus.DENIED).toBuilder().reason("Use staging first").build();

    assertThat(dev.jit.slack.internal.StatusLine.of(denied)).contains("Use staging first");
  }
}
