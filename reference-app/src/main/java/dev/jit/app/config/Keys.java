package dev.jit.app.config;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jit.core.policy.InvalidFieldException;
import dev.jit.core.policy.StrictYaml;
import dev.jit.core.policy.UnknownFieldException;
import dev.jit.spi.UserId;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Binds parts of one configuration file and names keys in its messages: the file, the key's path
 * ({@code settings.engine.grantLease}) and, when the text has the key, its line and column.
 *
 * @param source the file, as named in messages
 * @param yaml the file's text, to find lines in
 */
record Keys(String source, String yaml) {

  /**
   * {@code node}, found at {@code at}, bound strictly to {@code type}.
   *
   * @param alsoKnown keys of {@code at} that were taken out of {@code node} to be read apart, so
   *     that a message listing the keys allowed there lists them too
   */
  <T> T bind(JsonNode node, String at, Class<T> type, String... alsoKnown) {
    return bind(at, () -> StrictYaml.bind(node, type), alsoKnown);
  }

  <T> T bind(JsonNode node, String at, TypeReference<T> type) {
    return bind(at, () -> StrictYaml.bind(node, type));
  }

  private <T> T bind(String at, Supplier<T> binding, String... alsoKnown) {
    try {
      return binding.get();
    } catch (UnknownFieldException e) {
      String key = InvalidFieldException.under(at, e.field());
      int dot = key.lastIndexOf('.');
      Set<String> known = new TreeSet<>(e.known());
      if (!e.field().contains(".")) {
        known.addAll(List.of(alsoKnown));
      }
      throw unknown(key, dot < 0 ? "" : "of '" + key.substring(0, dot) + "'", known);
    } catch (InvalidFieldException e) {
      throw fail(InvalidFieldException.under(at, e.field()), e.problem());
    }
  }

  UserId userId(String value, String key) {
    try {
      return new UserId(value);
    } catch (IllegalArgumentException e) {
      throw fail(key, e.getMessage());
    }
  }

  /** An unknown key, with the keys allowed there ({@code where}: "of 'settings'", or ""). */
  ConfigException unknown(String key, String where, Collection<String> known) {
    return new ConfigException(
        source
            + ": unknown key '"
            + key
            + "' (known keys"
            + (where.isEmpty() ? "" : " " + where)
            + ": "
            + String.join(", ", known)
            + ")"
            + line(key));
  }

  ConfigException fail(String key, String problem) {
    return new ConfigException(source + ": '" + key + "': " + problem + line(key));
  }

  private String line(String key) {
    return StrictYaml.locate(yaml, key).map(l -> " (" + l + ")").orElse("");
  }
}
