package dev.jit.aws.internal;

import dev.jit.spi.BackendException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.identitystore.IdentitystoreClient;
import software.amazon.awssdk.services.identitystore.model.DescribeUserResponse;
import software.amazon.awssdk.services.identitystore.model.Email;
import software.amazon.awssdk.services.identitystore.model.UserStatus;

/**
 * Maps principals (lower-cased emails or user names) to Identity Store user ids and back. A
 * resolved id is kept for the life of the backend, so revocations and checks still find the
 * assignment after the user was renamed or deleted in the directory.
 */
public final class IdentityStoreUsers {
  private final IdentitystoreClient client;
  private final AwsCalls calls;
  private final String identityStoreId;
  private final boolean byEmail;
  private final Map<String, String> ids = new ConcurrentHashMap<>();
  private final Map<String, String> principals = new ConcurrentHashMap<>();

  public IdentityStoreUsers(
      IdentitystoreClient client, AwsCalls calls, String identityStoreId, boolean byEmail) {
    this.client = client;
    this.calls = calls;
    this.identityStoreId = identityStoreId;
    this.byEmail = byEmail;
  }

  /** The one spelling of a principal: trimmed and lower-cased. */
  public static String canonical(String principal) {
    return principal.trim().toLowerCase(Locale.ROOT);
  }

  /**
   * The user id of {@code principal} as {@link #find} gives it; a principal with none is a
   * permanent failure of backend {@code backend}, naming the attribute and the store.
   */
  public String require(String backend, String principal, String requestId) {
    return find(principal, requestId)
        .orElseThrow(
            () ->
                BackendException.permanent(
                    backend
                        + ": no user with "
                        + (byEmail ? "email " : "user name ")
                        + principal
                        + " in identity store "
                        + identityStoreId));
  }

  /** The user id of {@code principal}: the one recorded earlier, else looked up; empty if none. */
  public Optional<String> find(String principal, String requestId) {
    String known = ids.get(principal);
    if (known != null) {
      return Optional.of(known);
    }
    try {
      String id =
          calls
              .call(
                  "GetUserId",
                  () ->
                      client.getUserId(
                          r ->
                              r.identityStoreId(identityStoreId)
                                  .alternateIdentifier(
                                      a ->
                                          a.uniqueAttribute(
                                              u ->
                                                  u.attributePath(
                                                          byEmail ? "emails.value" : "userName")
                                                      .attributeValue(
                                                          Document.fromString(principal))))
                                  .overrideConfiguration(AwsCalls.tag(requestId))))
              .userId();
      remember(principal, id);
      return Optional.of(id);
    } catch (BackendException e) {
      if (AwsCalls.notFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Fails permanently unless the user is ENABLED in the identity store: a disabled user cannot sign
   * in, so an assignment would only look like access.
   */
  public void requireEnabled(String principal, String userId, String req) {
    DescribeUserResponse user =
        calls.call(
            "DescribeUser",
            () ->
                client.describeUser(
                    r ->
                        r.identityStoreId(identityStoreId)
                            .userId(userId)
                            .overrideConfiguration(AwsCalls.tag(req))));
    if (user.userStatus() == UserStatus.DISABLED) {
      throw BackendException.permanent(
          "the identity store user " + principal + " is DISABLED; enable it before granting");
    }
  }

  /** The principal an assignment's user id stands for; empty when the user no longer exists. */
  public Optional<String> principalOf(String userId) {
    String known = principals.get(userId);
    if (known != null) {
      return Optional.of(known);
    }
    DescribeUserResponse user;
    try {
      user =
          calls.call(
              "DescribeUser",
              () ->
                  client.describeUser(
                      r ->
                          r.identityStoreId(identityStoreId)
                              .userId(userId)
                              .overrideConfiguration(AwsCalls.tag("reconcile"))));
    } catch (BackendException e) {
      if (AwsCalls.notFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
    Optional<String> principal =
        byEmail
            ? user.emails().stream()
                .sorted((a, b) -> Boolean.compare(isPrimary(b), isPrimary(a)))
                .map(Email::value)
                .findFirst()
            : Optional.ofNullable(user.userName());
    principal.map(IdentityStoreUsers::canonical).ifPresent(p -> remember(p, userId));
    return principal.map(IdentityStoreUsers::canonical);
  }

  private static boolean isPrimary(Email e) {
    return Boolean.TRUE.equals(e.primary());
  }

  private void remember(String principal, String id) {
    ids.put(principal, id);
    principals.putIfAbsent(id, principal);
  }
}
