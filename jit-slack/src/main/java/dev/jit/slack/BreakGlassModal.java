package dev.jit.slack;

import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.option;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;
import static com.slack.api.model.block.element.BlockElements.staticSelect;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.OptionObject;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewState;
import dev.jit.core.policy.BreakGlassChoice;
import dev.jit.slack.internal.Fmt;
import dev.jit.slack.internal.Modals;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The emergency form: which break-glass role (only those the viewer may use), for how long (up to
 * the longest break-glass maximum among them; the engine refuses beyond the chosen role's), the
 * incident and a ticket. Pure. The role option's value is {@code resource/role}.
 */
public final class BreakGlassModal {
  private static final List<Duration> LADDER =
      List.of(
          Duration.ofMinutes(15),
          Duration.ofMinutes(30),
          Duration.ofHours(1),
          Duration.ofHours(2),
          Duration.ofHours(4),
          Duration.ofHours(12));

  /** What a submitted form asks for. */
  public record Ask(
      String resource, String role, Duration duration, String incident, String ticket) {}

  private BreakGlassModal() {}

  public static View build(List<BreakGlassChoice> choices) {
    List<OptionObject> roles =
        choices.stream()
            .map(
                c ->
                    option(
                        plainText(
                            c.role()
                                + " on "
                                + c.resource()
                                + " (at most "
                                + Fmt.duration(c.policy().maxDuration())
                                + ")"),
                        c.resource().value() + "/" + c.role().value()))
            .toList();
    Duration longest =
        choices.stream()
            .map(c -> c.policy().maxDuration())
            .max(Duration::compareTo)
            .orElse(Duration.ZERO);
    List<OptionObject> durations =
        LADDER.stream()
            .filter(d -> d.compareTo(longest) <= 0)
            .map(d -> option(plainText(Fmt.duration(d)), d.toString()))
            .toList();
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(
        section(
            s ->
                s.text(
                    Mrkdwn.text(
                        ":rotating_light: *Emergency access.* It is granted without the owners'"
                            + " approval, announced to them and the security channel with what you"
                            + " write below, and an owner must review it afterwards."))));
    blocks.add(
        select(SlackIds.BREAK_GLASS_ROLE_BLOCK, SlackIds.BREAK_GLASS_ROLE_SELECT, "Access", roles));
    blocks.add(
        select(
            SlackIds.BREAK_GLASS_DURATION_BLOCK,
            SlackIds.BREAK_GLASS_DURATION_SELECT,
            "For",
            durations));
    blocks.add(
        input(
            i ->
                i.blockId(SlackIds.BREAK_GLASS_INCIDENT_BLOCK)
                    .label(plainText("Incident"))
                    .element(
                        plainTextInput(
                            p ->
                                p.actionId(SlackIds.BREAK_GLASS_INCIDENT_INPUT)
                                    .multiline(true)
                                    .minLength(1)
                                    .maxLength(3000)
                                    .placeholder(
                                        plainText(
                                            "What is happening, and why you need this now"))))));
    blocks.add(
        input(
            i ->
                i.blockId(SlackIds.BREAK_GLASS_TICKET_BLOCK)
                    .optional(true)
                    .label(plainText("Ticket"))
                    .element(
                        plainTextInput(
                            p -> p.actionId(SlackIds.BREAK_GLASS_TICKET_INPUT).maxLength(64)))));
    return Modals.form(
        SlackIds.BREAK_GLASS_MODAL, null, "Break glass", "Break glass", "Cancel", blocks);
  }

  /** The ask in a submitted form; empty when a required field is missing or malformed. */
  public static Optional<Ask> ask(Map<String, Map<String, ViewState.Value>> state) {
    Optional<String> what =
        AmendmentModals.text(
            state, SlackIds.BREAK_GLASS_ROLE_BLOCK, SlackIds.BREAK_GLASS_ROLE_SELECT);
    Optional<String> duration =
        AmendmentModals.text(
            state, SlackIds.BREAK_GLASS_DURATION_BLOCK, SlackIds.BREAK_GLASS_DURATION_SELECT);
    Optional<String> incident =
        AmendmentModals.text(
            state, SlackIds.BREAK_GLASS_INCIDENT_BLOCK, SlackIds.BREAK_GLASS_INCIDENT_INPUT);
    String ticket =
        AmendmentModals.text(
                state, SlackIds.BREAK_GLASS_TICKET_BLOCK, SlackIds.BREAK_GLASS_TICKET_INPUT)
            .orElse("");
    if (what.isEmpty() || duration.isEmpty() || incident.isEmpty() || what.get().indexOf('/') < 0) {
      return Optional.empty();
    }
    try {
      int slash = what.get().indexOf('/');
      return Optional.of(
          new Ask(
              what.get().substring(0, slash),
              what.get().substring(slash + 1),
              Duration.parse(duration.get()),
              incident.get(),
              ticket));
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static LayoutBlock select(
      String block, String action, String label, List<OptionObject> options) {
    return input(
        i ->
            i.blockId(block)
                .label(plainText(label))
                .element(
                    staticSelect(
                        e ->
                            e.actionId(action).placeholder(plainText("Choose")).options(options))));
  }
}
