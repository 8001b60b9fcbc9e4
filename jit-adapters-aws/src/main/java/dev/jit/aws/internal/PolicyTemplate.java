package dev.jit.aws.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * An IAM policy template from configuration, rendered for one grant: every statement gets {@code
 * "Condition": {"DateLessThan": {"aws:CurrentTime": "<expiry>"}}}, so IAM itself ends the access at
 * the grant's expiry even when jit is down or its revoke fails.
 */
public final class PolicyTemplate {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Instant LONGEST = Instant.parse("2099-12-31T23:59:59Z");
  private final ObjectNode template;

  private PolicyTemplate(ObjectNode template) {
    this.template = template;
  }

  /** The template, or what is wrong with it. */
  public static PolicyTemplate parse(String json) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("is not JSON: " + e.getOriginalMessage());
    }
    if (!(node instanceof ObjectNode o) || !o.path("Statement").isContainerNode()) {
      throw new IllegalArgumentException("must be a policy document with a Statement");
    }
    JsonNode statements = o.get("Statement");
    for (JsonNode s :
        statements.isArray() ? statements : MAPPER.createArrayNode().add(statements)) {
      if (!s.isObject() || !s.path("Effect").isTextual()) {
        throw new IllegalArgumentException("every statement must be an object with an Effect");
      }
    }
    return new PolicyTemplate(o);
  }

  /** The document for a grant ending at {@code expiresAt} (second precision, UTC). */
  public String render(Instant expiresAt) {
    ObjectNode doc = template.deepCopy();
    if (!doc.has("Version")) {
      doc.put("Version", "2012-10-17");
    }
    JsonNode statements = doc.get("Statement");
    ArrayNode list =
        statements.isArray() ? (ArrayNode) statements : MAPPER.createArrayNode().add(statements);
    String until = expiresAt.truncatedTo(ChronoUnit.SECONDS).toString();
    for (JsonNode s : list) {
      ObjectNode condition =
          s.path("Condition") instanceof ObjectNode c ? c : ((ObjectNode) s).putObject("Condition");
      ObjectNode before =
          condition.path("DateLessThan") instanceof ObjectNode d
              ? d
              : condition.putObject("DateLessThan");
      before.put("aws:CurrentTime", until);
    }
    doc.set("Statement", list);
    return doc.toString();
  }

  /** Non-whitespace characters of a rendered document, as IAM counts them for its quotas. */
  public int renderedSize() {
    return (int) render(LONGEST).chars().filter(c -> !Character.isWhitespace(c)).count();
  }

  /** The {@code aws:CurrentTime} bound of every statement of a rendered document, if all agree. */
  public static Optional<Instant> expiry(String document) {
    try {
      JsonNode statements = MAPPER.readTree(document).path("Statement");
      String until = null;
      for (JsonNode s :
          statements.isArray() ? statements : MAPPER.createArrayNode().add(statements)) {
        String v = s.path("Condition").path("DateLessThan").path("aws:CurrentTime").asText(null);
        if (v == null || (until != null && !until.equals(v))) {
          return Optional.empty();
        }
        until = v;
      }
      return Optional.ofNullable(until).map(Instant::parse);
    } catch (JsonProcessingException | java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
