package dev.jit.aws.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * MaxResults/NextToken and MaxItems/Marker paging with the fake's small page size; with {@code
 * emptyFirstPage} a first call gets an empty page that still carries a token.
 */
final class Paging {
  private Paging() {}

  /** The offset a token stands for, and the page size for a request's limit. */
  record Window(int from, int size, boolean emptyLead) {}

  static Window window(String token, Integer limit, FakeAws.Settings settings, int max) {
    int size = Math.min(settings.pageSize, limit == null ? max : limit);
    if (limit != null && (limit < 1 || limit > max)) {
      throw AwsError.validation("MaxResults must be 1 to " + max);
    }
    if (token == null || token.isEmpty()) {
      return new Window(0, size, settings.emptyFirstPage);
    }
    if (!token.startsWith("t")) {
      throw AwsError.validation("invalid NextToken");
    }
    try {
      return new Window(Integer.parseInt(token.substring(1)), size, false);
    } catch (NumberFormatException e) {
      throw AwsError.validation("invalid NextToken");
    }
  }

  /** The page of a JSON list answer, {@code NextToken} set while more follow. */
  static ObjectNode page(
      JsonNode in, List<ObjectNode> all, String field, FakeAws.Settings settings) {
    JsonNode max = in.path("MaxResults");
    JsonNode token = in.path("NextToken");
    Window w =
        window(
            token.isTextual() ? token.asText() : null,
            max.isInt() ? max.asInt() : null,
            settings,
            100);
    ObjectNode out = AwsWire.object();
    ArrayNode items = out.putArray(field);
    if (w.emptyLead()) {
      out.put("NextToken", "t0");
      return out;
    }
    int end = Math.min(all.size(), w.from() + w.size());
    for (int i = w.from(); i < end; i++) {
      items.add(all.get(i));
    }
    if (end < all.size()) {
      out.put("NextToken", "t" + end);
    }
    return out;
  }
}
