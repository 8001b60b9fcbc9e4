package dev.jit.slack;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.asSectionFields;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.asContextElements;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.TextObject;
import dev.jit.slack.internal.Buttons;
import dev.jit.slack.internal.Fmt;
import dev.jit.slack.internal.Limits;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.BreakGlass;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The loud messages about break-glass: the announcement of a use (to the owners and the security
 * channel, with the incident as the requester stated it), the review that is due (with the
 * Justified / Not justified buttons), its escalation while nobody reviews, and the review itself —
 * to the admins as well when it says "not justified". Pure: the request in, the message out.
 */
public final class BreakGlassMessages {
  private static final int INCIDENT_MAX = 2000;

  private BreakGlassMessages() {}

  /** A use of break-glass, as it happens. */
  public static SlackMessage announced(AccessRequest r) {
    String who = Mrkdwn.mention(r.requester());
    String how =
        r.breakGlass().flatMap(BreakGlass::onCall).isPresent()
            ? "is asking the on-call group for one approval."
            : "was granted at once, without approval.";
    return message(
        ":rotating_light: BREAK-GLASS",
        "Break-glass used: " + Fmt.plainWhat(r) + " by " + r.requester(),
        ":rotating_light: *Break-glass* " + who + " took " + Fmt.what(r) + ". The access " + how,
        r,
        true,
        false);
  }

  /** The review is due: an owner marks the use justified or not. */
  public static SlackMessage reviewDue(AccessRequest r) {
    String due = dueAt(r).map(t -> " by " + Fmt.date(t)).orElse("");
    return message(
        "Break-glass review due",
        "Review the break-glass use of " + Fmt.plainWhat(r) + " by " + r.requester(),
        ":mag: An owner must review "
            + Mrkdwn.mention(r.requester())
            + "'s break-glass use of "
            + Fmt.what(r)
            + due
            + ": was it justified?",
        r,
        true,
        true);
  }

  /** Nobody reviewed in time; this repeats until someone does. */
  public static SlackMessage reviewOverdue(AccessRequest r) {
    int times = r.breakGlass().map(BreakGlass::escalations).orElse(0);
    String due = dueAt(r).map(t -> ", due " + Fmt.date(t)).orElse("");
    return message(
        ":rotating_light: Break-glass review overdue",
        "Overdue break-glass review (" + times + "): " + Fmt.plainWhat(r) + " by " + r.requester(),
        ":rotating_light: *Nobody has reviewed* "
            + Mrkdwn.mention(r.requester())
            + "'s break-glass use of "
            + Fmt.what(r)
            + due
            + ". Escalation "
            + times
            + "; this repeats until an owner reviews it.",
        r,
        true,
        true);
  }

  /** An owner's review; {@code notJustified} for the admins' escalation. */
  public static SlackMessage reviewed(AccessRequest r, String comment, boolean toAdmins) {
    Optional<BreakGlass.Review> review = r.breakGlass().flatMap(BreakGlass::review);
    boolean justified = review.map(v -> v.verdict() == BreakGlass.Verdict.JUSTIFIED).orElse(false);
    String verdict = justified ? "justified" : "not justified";
    String by = review.map(v -> " by " + Mrkdwn.mention(v.reviewer())).orElse("");
    String icon = justified ? ":white_check_mark:" : ":rotating_light:";
    String title = toAdmins ? ":rotating_light: Break-glass NOT justified" : "Break-glass reviewed";
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(header(h -> h.text(plainText(title))));
    blocks.add(
        section(
            s ->
                s.text(
                    Mrkdwn.text(
                        icon
                            + " "
                            + Mrkdwn.mention(r.requester())
                            + "'s break-glass use of "
                            + Fmt.what(r)
                            + " was reviewed *"
                            + verdict
                            + "*"
                            + by
                            + (toAdmins ? ". Admins: please follow up." : ".")))));
    if (!comment.isBlank()) {
      String quoted = Mrkdwn.quote(Mrkdwn.escape(comment.strip()), INCIDENT_MAX);
      blocks.add(section(s -> s.text(Mrkdwn.text("*Comment*\n" + quoted))));
    }
    blocks.add(footer(r));
    String text = "Break-glass " + verdict + ": " + Fmt.plainWhat(r) + " by " + r.requester();
    return new SlackMessage(Mrkdwn.truncate(Mrkdwn.escape(text), Limits.MESSAGE_TEXT), blocks);
  }

  private static SlackMessage message(
      String title, String text, String lead, AccessRequest r, boolean incident, boolean buttons) {
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(header(h -> h.text(plainText(title))));
    blocks.add(section(s -> s.text(Mrkdwn.text(lead))));
    if (incident) {
      String quoted = Mrkdwn.quote(Mrkdwn.escape(r.justification()), INCIDENT_MAX);
      blocks.add(section(s -> s.text(Mrkdwn.text("*Incident*\n" + quoted))));
      blocks.add(section(s -> s.fields(asSectionFields(fields(r).toArray(TextObject[]::new)))));
    }
    if (buttons && r.breakGlass().map(BreakGlass::awaitsReview).orElse(false)) {
      blocks.add(Buttons.review(r, SlackIds.REVIEW_ACTIONS_BLOCK));
    }
    blocks.add(footer(r));
    return new SlackMessage(Mrkdwn.truncate(Mrkdwn.escape(text), Limits.MESSAGE_TEXT), blocks);
  }

  private static List<TextObject> fields(AccessRequest r) {
    List<TextObject> fields = new ArrayList<>();
    fields.add(Mrkdwn.text("*Who*\n" + Mrkdwn.mention(r.requester())));
    fields.add(Mrkdwn.text("*Access*\n" + Fmt.what(r)));
    if (!r.ticket().isBlank()) {
      fields.add(Mrkdwn.text("*Ticket*\n" + Mrkdwn.escape(r.ticket())));
    }
    r.expiresAt().ifPresent(t -> fields.add(Mrkdwn.text("*Access ends*\n" + Fmt.date(t))));
    dueAt(r).ifPresent(t -> fields.add(Mrkdwn.text("*Review due*\n" + Fmt.date(t))));
    return fields;
  }

  private static Optional<java.time.Instant> dueAt(AccessRequest r) {
    return r.breakGlass().flatMap(BreakGlass::reviewDue);
  }

  private static LayoutBlock footer(AccessRequest r) {
    return context(
        c ->
            c.elements(
                asContextElements(
                    Mrkdwn.text(
                        "Break-glass request " + Fmt.code(r.id()) + " · on the audit trail"))));
  }
}
