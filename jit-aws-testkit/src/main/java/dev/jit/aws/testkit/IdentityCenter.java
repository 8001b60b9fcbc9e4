package dev.jit.aws.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jit.aws.testkit.FakeAws.Assignment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The state and operations of one IAM Identity Center instance ({@code SWBExternalService.*}) and
 * its identity store ({@code AWSIdentityStore.*}). Guarded by its own monitor.
 */
final class IdentityCenter {
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern PS_ARN =
      Pattern.compile("arn:aws:sso:::permissionSet/ssoins-[a-zA-Z0-9-.]{16}/ps-[a-zA-Z0-9-./]{16}");
  private static final Pattern PRINCIPAL_ID =
      Pattern.compile(
          "([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}");

  record User(String id, String userName, List<String> emails, String status) {}

  record PermissionSet(String arn, String name, String sessionDuration) {}

  private static final class Operation {
    final String requestId = UUID.randomUUID().toString();
    final boolean creation;
    final Assignment assignment;
    final long created;
    int pollsLeft;
    String failure;
    String status = "IN_PROGRESS";

    Operation(boolean creation, Assignment assignment, int polls, String failure, long created) {
      this.creation = creation;
      this.assignment = assignment;
      this.pollsLeft = polls;
      this.failure = failure;
      this.created = created;
    }
  }

  final String instanceArn;
  final String identityStoreId;
  private final FakeAws.Settings settings;
  private final Map<String, PermissionSet> permissionSets = new LinkedHashMap<>();
  private final Map<String, User> users = new LinkedHashMap<>();
  private final Set<Assignment> assignments = new LinkedHashSet<>();
  private final Map<String, Operation> operations = new LinkedHashMap<>();
  private final Map<Assignment, Operation> inFlight = new LinkedHashMap<>();
  private final List<String> creationFailures = new ArrayList<>();
  private final List<String> deletionFailures = new ArrayList<>();

  IdentityCenter(String instanceArn, String identityStoreId, FakeAws.Settings settings) {
    this.instanceArn = instanceArn;
    this.identityStoreId = identityStoreId;
    this.settings = settings;
  }

  // ---------------------------------------------------------------- test-side state

  synchronized PermissionSet permissionSet(String name, String sessionDuration) {
    String arn =
        instanceArn.replace("arn:aws:sso:::instance/", "arn:aws:sso:::permissionSet/")
            + "/ps-"
            + hex16(name);
    PermissionSet ps = new PermissionSet(arn, name, sessionDuration);
    permissionSets.put(arn, ps);
    return ps;
  }

  synchronized User user(String userName, String email) {
    User u = new User(UUID.randomUUID().toString(), userName, List.of(email), "ENABLED");
    users.put(u.id(), u);
    return u;
  }

  synchronized void disableUser(String userId) {
    User u = users.get(userId);
    if (u != null) {
      users.put(userId, new User(u.id(), u.userName(), u.emails(), "DISABLED"));
    }
  }

  synchronized void deleteUser(String userId) {
    users.remove(userId);
  }

  synchronized Set<Assignment> assignments() {
    return Set.copyOf(assignments);
  }

  synchronized void assign(Assignment a) {
    assignments.add(a);
  }

  synchronized void unassign(Assignment a) {
    assignments.remove(a);
  }

  synchronized int inFlightCreations() {
    return (int) inFlight.values().stream().filter(o -> o.creation).count();
  }

  /** Finishes every operation in flight, as time passing does in the real service. */
  synchronized void settle() {
    for (Operation o : List.copyOf(inFlight.values())) {
      finish(o);
    }
  }

  synchronized void failNextCreation(String reason) {
    creationFailures.add(reason);
  }

  synchronized void failNextDeletion(String reason) {
    deletionFailures.add(reason);
  }

  // ---------------------------------------------------------------- sso-admin

  synchronized ObjectNode sso(String op, JsonNode in, long now) {
    if (!op.equals("ListInstances")) {
      String instance = text(in, "InstanceArn");
      if (!instance.equals(instanceArn)) {
        throw AwsError.notFound("Instance " + instance + " does not exist");
      }
    }
    switch (op) {
      case "ListInstances":
        ObjectNode out = AwsWire.object();
        out.putArray("Instances")
            .addObject()
            .put("InstanceArn", instanceArn)
            .put("IdentityStoreId", identityStoreId)
            .put("Status", "ACTIVE");
        return out;
      case "DescribePermissionSet":
        PermissionSet ps = existing(text(in, "PermissionSetArn"));
        ObjectNode set = AwsWire.object();
        set.putObject("PermissionSet")
            .put("Name", ps.name())
            .put("PermissionSetArn", ps.arn())
            .put("SessionDuration", ps.sessionDuration())
            .put("CreatedDate", now);
        return set;
      case "CreateAccountAssignment":
        return start(true, assignment(in), now, "AccountAssignmentCreationStatus");
      case "DeleteAccountAssignment":
        return start(false, assignment(in), now, "AccountAssignmentDeletionStatus");
      case "DescribeAccountAssignmentCreationStatus":
        return poll(text(in, "AccountAssignmentCreationRequestId"), true);
      case "DescribeAccountAssignmentDeletionStatus":
        return poll(text(in, "AccountAssignmentDeletionRequestId"), false);
      case "ListAccountAssignments":
        return listAssignments(in);
      case "ListAccountAssignmentCreationStatus":
        return listOperations(in, true);
      case "ListAccountAssignmentDeletionStatus":
        return listOperations(in, false);
      default:
        throw new AwsError(400, "UnknownOperationException", "unsupported operation " + op);
    }
  }

  private ObjectNode start(boolean creation, Assignment a, long now, String field) {
    existing(a.permissionSetArn());
    if (inFlight.containsKey(a)) {
      throw new AwsError(
          400,
          "ConflictException",
          "An account assignment operation for this tuple is already in progress");
    }
    if (creation && inFlightCreations() >= settings.outstandingCreations) {
      throw new AwsError(
          400,
          "ServiceQuotaExceededException",
          "More than "
              + settings.outstandingCreations
              + " outstanding account assignment creations");
    }
    List<String> failures = creation ? creationFailures : deletionFailures;
    String failure = failures.isEmpty() ? null : failures.remove(0);
    Operation o = new Operation(creation, a, settings.pollsUntilDone, failure, now);
    operations.put(o.requestId, o);
    if (o.pollsLeft <= 0) {
      finish(o);
    } else {
      inFlight.put(a, o);
    }
    ObjectNode out = AwsWire.object();
    out.set(field, status(o));
    return out;
  }

  private ObjectNode poll(String requestId, boolean creation) {
    Operation o = operations.get(requestId);
    if (o == null || o.creation != creation) {
      throw AwsError.notFound("Request " + requestId + " does not exist");
    }
    if (o.status.equals("IN_PROGRESS") && --o.pollsLeft <= 0) {
      finish(o);
    }
    ObjectNode out = AwsWire.object();
    out.set(
        creation ? "AccountAssignmentCreationStatus" : "AccountAssignmentDeletionStatus",
        status(o));
    return out;
  }

  private void finish(Operation o) {
    inFlight.remove(o.assignment);
    if (o.failure != null) {
      o.status = "FAILED";
      return;
    }
    if (o.creation) {
      assignments.add(o.assignment);
    } else if (!assignments.remove(o.assignment)) {
      o.status = "FAILED";
      o.failure = "Received a 404 status error: Not supported account assignment";
      return;
    }
    o.status = "SUCCEEDED";
  }

  private ObjectNode status(Operation o) {
    ObjectNode s =
        AwsWire.object()
            .put("Status", o.status)
            .put("RequestId", o.requestId)
            .put("TargetId", o.assignment.accountId())
            .put("TargetType", "AWS_ACCOUNT")
            .put("PermissionSetArn", o.assignment.permissionSetArn())
            .put("PrincipalType", o.assignment.principalType())
            .put("PrincipalId", o.assignment.principalId())
            .put("CreatedDate", o.created);
    if (o.status.equals("FAILED")) {
      s.put("FailureReason", o.failure);
    }
    return s;
  }

  private ObjectNode listAssignments(JsonNode in) {
    String account = account(text(in, "AccountId"));
    String ps = existing(text(in, "PermissionSetArn")).arn();
    List<ObjectNode> all = new ArrayList<>();
    for (Assignment a : assignments) {
      if (a.accountId().equals(account) && a.permissionSetArn().equals(ps)) {
        all.add(
            AwsWire.object()
                .put("AccountId", a.accountId())
                .put("PermissionSetArn", a.permissionSetArn())
                .put("PrincipalType", a.principalType())
                .put("PrincipalId", a.principalId()));
      }
    }
    return Paging.page(in, all, "AccountAssignments", settings);
  }

  private ObjectNode listOperations(JsonNode in, boolean creation) {
    JsonNode filter = in.path("Filter").path("Status");
    List<ObjectNode> all = new ArrayList<>();
    for (Operation o : operations.values()) {
      if (o.creation == creation && (!filter.isTextual() || filter.asText().equals(o.status))) {
        all.add(
            AwsWire.object()
                .put("Status", o.status)
                .put("RequestId", o.requestId)
                .put("CreatedDate", o.created));
      }
    }
    String field =
        creation ? "AccountAssignmentsCreationStatus" : "AccountAssignmentsDeletionStatus";
    return Paging.page(in, all, field, settings);
  }

  private Assignment assignment(JsonNode in) {
    if (!text(in, "TargetType").equals("AWS_ACCOUNT")) {
      throw AwsError.validation("TargetType must be AWS_ACCOUNT");
    }
    String type = text(in, "PrincipalType");
    if (!type.equals("USER") && !type.equals("GROUP")) {
      throw AwsError.validation("PrincipalType must be USER or GROUP");
    }
    String principal = text(in, "PrincipalId");
    if (!PRINCIPAL_ID.matcher(principal).matches()) {
      throw AwsError.validation("PrincipalId does not match the pattern");
    }
    return new Assignment(
        account(text(in, "TargetId")), text(in, "PermissionSetArn"), type, principal);
  }

  private PermissionSet existing(String arn) {
    if (!PS_ARN.matcher(arn).matches()) {
      throw AwsError.validation("PermissionSetArn does not match the pattern");
    }
    PermissionSet ps = permissionSets.get(arn);
    if (ps == null) {
      throw AwsError.notFound("PermissionSet " + arn + " does not exist");
    }
    return ps;
  }

  private static String account(String id) {
    if (!ACCOUNT.matcher(id).matches()) {
      throw AwsError.validation("AccountId must be 12 digits");
    }
    return id;
  }

  // ---------------------------------------------------------------- identitystore

  synchronized ObjectNode identityStore(String op, JsonNode in) {
    if (!text(in, "IdentityStoreId").equals(identityStoreId)) {
      throw AwsError.notFound("Identity store does not exist");
    }
    switch (op) {
      case "GetUserId":
        JsonNode unique = in.path("AlternateIdentifier").path("UniqueAttribute");
        String path = text(unique, "AttributePath");
        JsonNode value = unique.path("AttributeValue");
        if (!value.isTextual()) {
          throw AwsError.validation("AttributeValue must be a JSON string");
        }
        Optional<User> found =
            users.values().stream()
                .filter(
                    u ->
                        switch (path) {
                          case "userName" -> u.userName().equals(value.asText());
                          case "emails.value" -> u.emails().contains(value.asText());
                          default -> throw AwsError.validation("unsupported AttributePath " + path);
                        })
                .findFirst();
        User u =
            found.orElseThrow(
                () ->
                    new AwsError(
                        400, "ResourceNotFoundException", "USER not found")); // ResourceType USER
        return AwsWire.object().put("IdentityStoreId", identityStoreId).put("UserId", u.id());
      case "DescribeUser":
        User user = users.get(text(in, "UserId"));
        if (user == null) {
          throw AwsError.notFound("USER not found");
        }
        ObjectNode out =
            AwsWire.object()
                .put("IdentityStoreId", identityStoreId)
                .put("UserId", user.id())
                .put("UserName", user.userName())
                .put("UserStatus", user.status());
        ArrayNode emails = out.putArray("Emails");
        for (int i = 0; i < user.emails().size(); i++) {
          emails.addObject().put("Value", user.emails().get(i)).put("Primary", i == 0);
        }
        return out;
      default:
        throw new AwsError(400, "UnknownOperationException", "unsupported operation " + op);
    }
  }

  static String text(JsonNode in, String field) {
    JsonNode v = in.path(field);
    if (!v.isTextual() || v.asText().isEmpty()) {
      throw AwsError.validation(field + " is required");
    }
    return v.asText();
  }

  private static String hex16(String name) {
    return String.format("%016x", name.hashCode() & 0xffffffffL);
  }
}
