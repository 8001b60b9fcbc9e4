package dev.jit.aws.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.AccountAssignment;
import software.amazon.awssdk.services.ssoadmin.model.AccountAssignmentOperationStatus;
import software.amazon.awssdk.services.ssoadmin.model.ListAccountAssignmentsResponse;
import software.amazon.awssdk.services.ssoadmin.model.PrincipalType;
import software.amazon.awssdk.services.ssoadmin.model.StatusValues;
import software.amazon.awssdk.services.ssoadmin.model.TargetType;

/**
 * The sso-admin calls of one instance, each through {@link AwsCalls} (rate limit, user agent tag,
 * error classes). USER assignments to accounts only.
 */
public final class IdentityCenterCalls {
  private final SsoAdminClient sso;
  private final AwsCalls calls;
  private final String instanceArn;

  public IdentityCenterCalls(SsoAdminClient sso, AwsCalls calls, String instanceArn) {
    this.sso = sso;
    this.calls = calls;
    this.instanceArn = instanceArn;
  }

  /** Starts creating ({@code creation}) or deleting the USER assignment; its first status. */
  public AccountAssignmentOperationStatus start(
      boolean creation, String account, String psArn, String userId, String req) {
    if (creation) {
      return calls
          .call(
              "CreateAccountAssignment",
              () ->
                  sso.createAccountAssignment(
                      r ->
                          r.instanceArn(instanceArn)
                              .targetId(account)
                              .targetType(TargetType.AWS_ACCOUNT)
                              .permissionSetArn(psArn)
                              .principalType(PrincipalType.USER)
                              .principalId(userId)
                              .overrideConfiguration(AwsCalls.tag(req))))
          .accountAssignmentCreationStatus();
    }
    return calls
        .call(
            "DeleteAccountAssignment",
            () ->
                sso.deleteAccountAssignment(
                    r ->
                        r.instanceArn(instanceArn)
                            .targetId(account)
                            .targetType(TargetType.AWS_ACCOUNT)
                            .permissionSetArn(psArn)
                            .principalType(PrincipalType.USER)
                            .principalId(userId)
                            .overrideConfiguration(AwsCalls.tag(req))))
        .accountAssignmentDeletionStatus();
  }

  /** The current status of a creation or deletion this instance started. */
  public AccountAssignmentOperationStatus status(boolean creation, String requestId, String req) {
    if (creation) {
      return calls
          .call(
              "DescribeAccountAssignmentCreationStatus",
              () ->
                  sso.describeAccountAssignmentCreationStatus(
                      r ->
                          r.instanceArn(instanceArn)
                              .accountAssignmentCreationRequestId(requestId)
                              .overrideConfiguration(AwsCalls.tag(req))))
          .accountAssignmentCreationStatus();
    }
    return calls
        .call(
            "DescribeAccountAssignmentDeletionStatus",
            () ->
                sso.describeAccountAssignmentDeletionStatus(
                    r ->
                        r.instanceArn(instanceArn)
                            .accountAssignmentDeletionRequestId(requestId)
                            .overrideConfiguration(AwsCalls.tag(req))))
        .accountAssignmentDeletionStatus();
  }

  /**
   * The request id of a creation or deletion of this USER assignment that is in progress, started
   * by anyone (a jit process that stopped, say): in-progress operations are listed, then described
   * to find the tuple.
   */
  public Optional<String> inProgress(
      boolean creation, String account, String psArn, String userId, String req) {
    List<String> ids = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      if (creation) {
        var page =
            calls.call(
                "ListAccountAssignmentCreationStatus",
                () ->
                    sso.listAccountAssignmentCreationStatus(
                        r ->
                            r.instanceArn(instanceArn)
                                .filter(f -> f.status(StatusValues.IN_PROGRESS))
                                .maxResults(100)
                                .nextToken(next)
                                .overrideConfiguration(AwsCalls.tag(req))));
        page.accountAssignmentsCreationStatus().forEach(m -> ids.add(m.requestId()));
        token = page.nextToken();
      } else {
        var page =
            calls.call(
                "ListAccountAssignmentDeletionStatus",
                () ->
                    sso.listAccountAssignmentDeletionStatus(
                        r ->
                            r.instanceArn(instanceArn)
                                .filter(f -> f.status(StatusValues.IN_PROGRESS))
                                .maxResults(100)
                                .nextToken(next)
                                .overrideConfiguration(AwsCalls.tag(req))));
        page.accountAssignmentsDeletionStatus().forEach(m -> ids.add(m.requestId()));
        token = page.nextToken();
      }
    } while (token != null && !token.isEmpty());
    for (String id : ids) {
      AccountAssignmentOperationStatus s = status(creation, id, req);
      if (s.status() == StatusValues.IN_PROGRESS
          && account.equals(s.targetId())
          && psArn.equals(s.permissionSetArn())
          && s.principalType() == PrincipalType.USER
          && userId.equals(s.principalId())) {
        return Optional.of(id);
      }
    }
    return Optional.empty();
  }

  /**
   * Every assignment of a permission set in an account, following NextToken until it is absent
   * (pages may be empty and still carry one).
   */
  public List<AccountAssignment> assignments(String account, String psArn, String req) {
    List<AccountAssignment> out = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      ListAccountAssignmentsResponse page =
          calls.call(
              "ListAccountAssignments",
              () ->
                  sso.listAccountAssignments(
                      r ->
                          r.instanceArn(instanceArn)
                              .accountId(account)
                              .permissionSetArn(psArn)
                              .maxResults(100)
                              .nextToken(next)
                              .overrideConfiguration(AwsCalls.tag(req))));
      out.addAll(page.accountAssignments());
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    return out;
  }

  /** A permission set's SessionDuration (ISO-8601), or null when it has none set. */
  public String sessionDuration(String psArn) {
    return calls
        .call(
            "DescribePermissionSet",
            () ->
                sso.describePermissionSet(
                    r ->
                        r.instanceArn(instanceArn)
                            .permissionSetArn(psArn)
                            .overrideConfiguration(AwsCalls.tag("preflight"))))
        .permissionSet()
        .sessionDuration();
  }
}
