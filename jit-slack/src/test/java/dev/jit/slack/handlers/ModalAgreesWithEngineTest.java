package dev.jit.slack.handlers;

import static dev.jit.slack.handlers.SlackWorld.JUSTIFICATION;
import static dev.jit.slack.handlers.SlackWorld.REQUESTER;
import static dev.jit.slack.handlers.SlackWorld.STRANGER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.core.Command;
import dev.jit.core.Outcome;
import dev.jit.core.Rejection;
import dev.jit.slack.RequestForm;
import dev.jit.slack.internal.RequestFormValidator;
import dev.jit.spi.IdempotencyKey;
import dev.jit.spi.UserId;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The request modal's field errors say what the engine says: every row goes to the modal's
 * validator and, as the same {@code Submit}, to the engine, and the engine's answer must be among
 * the validator's, word for word and under the same field. Rows with one fault must give exactly
 * the engine's one error; the validator knows no facts (who may request), so a refusal for one
 * leaves it silent and the modal shows the engine's.
 */
class ModalAgreesWithEngineTest {
  private static final Set<Rejection> FIELD_REJECTIONS =
      EnumSet.of(
          Rejection.UNKNOWN_RESOURCE,
          Rejection.UNKNOWN_ROLE,
          Rejection.DURATION_NOT_ALLOWED,
          Rejection.INVALID_JUSTIFICATION,
          Rejection.INVALID_TICKET);
  private static final AtomicInteger KEYS = new AtomicInteger();
  private static SlackWorld world;

  @BeforeAll
  static void start() {
    world = new SlackWorld();
  }

  @AfterAll
  static void stop() {
    world.close();
  }

  static Stream<Arguments> rows() {
    String ok = JUSTIFICATION;
    return Stream.of(
        row("accepted", REQUESTER, "prod-db", "read", "PT1H", ok, ""),
        row(
            "accepted, any duration up to the maximum",
            REQUESTER,
            "staging",
            "read",
            "PT3H",
            ok,
            ""),
        row("accepted with a ticket", REQUESTER, "prod-db", "read", "PT4H", ok, "INC-42"),
        row("unknown resource", REQUESTER, "no-such-db", "read", "PT1H", ok, ""),
        row("role the resource does not have", REQUESTER, "prod-db", "write", "PT1H", ok, ""),
        row("above the maximum", REQUESTER, "prod-db", "read", "PT8H", ok, ""),
        row("not one of the listed durations", REQUESTER, "prod-db", "read", "PT2H", ok, ""),
        row("zero duration", REQUESTER, "staging", "read", "PT0S", ok, ""),
        row("justification too short", REQUESTER, "prod-db", "read", "PT1H", "too short", ""),
        row("short once stripped", REQUESTER, "prod-db", "read", "PT1H", "   short   ", ""),
        row("justification too long", REQUESTER, "prod-db", "read", "PT1H", "x".repeat(2001), ""),
        row("right-to-left override", REQUESTER, "prod-db", "read", "PT1H", ok + "\u202e", ""),
        row("control character", REQUESTER, "prod-db", "read", "PT1H", ok + "\u0007", ""),
        row("ticket of two words", REQUESTER, "prod-db", "read", "PT1H", ok, "INC 42"),
        row("ticket with an override", REQUESTER, "prod-db", "read", "PT1H", ok, "INC-1\u202e2"),
        row("ticket too long", REQUESTER, "prod-db", "read", "PT1H", ok, "T".repeat(129)),
        faults(row("role and text", REQUESTER, "prod-db", "write", "PT1H", "short", "a b")),
        faults(row("duration and ticket", REQUESTER, "prod-db", "read", "PT8H", ok, "a b")),
        faults(row("text and ticket", REQUESTER, "staging", "read", "PT1H", "\u202e", "a b")),
        row("not allowed to request", STRANGER, "staging", "read", "PT1H", ok, ""));
  }

  /** A row with one fault at most: the modal gives exactly the engine's answer. */
  private static Arguments row(
      String name,
      UserId user,
      String resource,
      String role,
      String duration,
      String justification,
      String ticket) {
    RequestForm form =
        new RequestForm(
            Optional.of(resource), Optional.of(role), Optional.of(duration), justification, ticket);
    return Arguments.of(name, true, user, form);
  }

  /** A row with several faults: the engine names the first, the modal every one. */
  private static Arguments faults(Arguments row) {
    Object[] values = row.get().clone();
    values[1] = false;
    return Arguments.of(values);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  @DisplayName("the modal's errors for a form are the engine's for the same submission")
  void sameAnswer(String name, boolean oneFault, UserId user, RequestForm form) {
    Map<String, String> modal =
        RequestFormValidator.errors(form, world.engine.policy(), world.engine.submissionRules());
    Command.Submit submit =
        RequestFormValidator.submission(
            form, user, new IdempotencyKey("agree:" + KEYS.incrementAndGet()));

    Outcome engine = world.engine.handle(submit);

    if (engine.rejection().isEmpty()) {
      assertThat(modal).as("the engine accepted").isEmpty();
      Command.Cancel cancel =
          new Command.Cancel(
              engine.request().orElseThrow().id(),
              user,
              new IdempotencyKey("agree-cancel:" + KEYS.incrementAndGet()));
      assertThat(world.engine.handle(cancel).rejection()).isEmpty();
      return;
    }
    Rejection why = engine.rejection().get();
    Map<String, String> engineSays = RequestFormValidator.errorsFor(why, engine.message());
    if (!FIELD_REJECTIONS.contains(why)) {
      assertThat(modal).as("a fact the validator cannot know: %s", why).isEmpty();
    } else if (oneFault) {
      assertThat(modal).isEqualTo(engineSays);
    } else {
      assertThat(modal).containsAllEntriesOf(engineSays).hasSizeGreaterThan(1);
    }
  }
}
