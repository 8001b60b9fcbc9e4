package dev.jit.slack;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.asSectionFields;
import static com.slack.api.model.block.element.BlockElements.asContextElements;

import com.slack.api.model.block.composition.TextObject;
import dev.jit.slack.internal.Fmt;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.RequestStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * The message for admins and owners when removing access (revocation, or rollback of a failed
 * grant) keeps failing: what, for whom, since when, how many attempts, the last error. Access may
 * still be in place, so a person has to look.
 */
public final class Escalations {
  private static final int ERROR_MAX = 1500;

  private Escalations() {}

  /**
   * @param detail the last error, plain text; empty falls back to the request's {@code reason}
   */
  public static SlackMessage message(AccessRequest r, String detail) {
    boolean rollback =
        r.status() == RequestStatus.ROLLBACK_FAILING || r.status() == RequestStatus.GRANT_FAILED;
    String what = rollback ? "Rolling back a failed grant" : "Removing access";
    String error = detail == null || detail.isBlank() ? r.reason() : detail;
    List<TextObject> fields = new ArrayList<>();
    fields.add(Mrkdwn.text("*Requester*\n" + Mrkdwn.mention(r.requester())));
    fields.add(Mrkdwn.text("*Access*\n" + Fmt.what(r)));
    fields.add(Mrkdwn.text("*Status*\n" + Fmt.code(r.status().name())));
    fields.add(Mrkdwn.text("*Failed attempts*\n" + r.attempts()));
    r.grantedAt().ifPresent(t -> fields.add(Mrkdwn.text("*Granted*\n" + Fmt.date(t))));
    r.expiresAt().ifPresent(t -> fields.add(Mrkdwn.text("*Access due to end*\n" + Fmt.date(t))));
    r.decidedBy().ifPresent(u -> fields.add(Mrkdwn.text("*Revoked by*\n" + Mrkdwn.mention(u))));
    r.nextDeadline().ifPresent(t -> fields.add(Mrkdwn.text("*Next retry*\n" + Fmt.date(t))));
    String lastError =
        error.isBlank()
            ? "*Last error*\nnot recorded"
            : "*Last error*\n" + Mrkdwn.quote(Mrkdwn.escape(error.strip()), ERROR_MAX);
    return new SlackMessage(
        Mrkdwn.escape(
            what
                + " keeps failing ("
                + r.attempts()
                + " attempts): "
                + Fmt.plainWhat(r)
                + " for "
                + r.requester()),
        List.of(
            section(
                s ->
                    s.text(
                        Mrkdwn.text(
                            ":rotating_light: *"
                                + what
                                + " keeps failing* for "
                                + Mrkdwn.mention(r.requester())
                                + "'s "
                                + Fmt.what(r)
                                + ". Access may still be in place: check the backend."))),
            section(s -> s.fields(asSectionFields(fields.toArray(TextObject[]::new)))),
            section(s -> s.text(Mrkdwn.text(lastError))),
            context(
                c ->
                    c.elements(
                        asContextElements(
                            Mrkdwn.text(
                                "Request "
                                    + Fmt.code(r.id())
                                    + " · jit keeps retrying; this alert repeats while it"
                                    + " fails."))))));
  }
}
