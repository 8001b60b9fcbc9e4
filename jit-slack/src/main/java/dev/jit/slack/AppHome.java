package dev.jit.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.divider;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.asContextElements;
import static com.slack.api.model.block.element.BlockElements.asElements;
import static com.slack.api.model.block.element.BlockElements.button;
import static com.slack.api.model.view.Views.view;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import dev.jit.slack.internal.Awaiting;
import dev.jit.slack.internal.Buttons;
import dev.jit.slack.internal.Fmt;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The App Home tab: a Request access button, then the viewer's active grants (Revoke now), pending
 * requests (Cancel) and the requests waiting for their approval (Approve, Deny); for the policy's
 * admins, also everyone else's active grants (Revoke), so access can be cut from Slack in an
 * emergency. Each list shows at most {@link #MAX_ITEMS} entries ({@link #MAX_ADMIN_ITEMS} for the
 * admin list) and then "and N more", so the view stays within Slack's 100 blocks.
 */
public final class AppHome {
  /**
   * Per list. Blocks: 2 at the top, 2 per list heading, 20 + 20 + 2 × 20 entries and 3 "more"
   * lines: 91 ≤ 100.
   */
  public static final int MAX_ITEMS = 20;

  /** The admin list, shown only to the policy's admins: 2 + 6 + 1 more blocks, 100 in all. */
  public static final int MAX_ADMIN_ITEMS = 6;

  /** The viewer's grants when they offer Extend… (two blocks each): 2 + 10 × 2 + 1 = 23 blocks. */
  public static final int MAX_EXTENDABLE_ITEMS = 10;

  private static final int JUSTIFICATION_MAX = 300;

  private AppHome() {}

  public static View build(
      UserId viewer,
      List<AccessRequest> myActive,
      List<AccessRequest> myPending,
      List<AccessRequest> awaitingMyApproval) {
    return build(viewer, myActive, myPending, awaitingMyApproval, List.of());
  }

  /**
   * The Home of an admin: as {@link #build(UserId, List, List, List)}, plus {@code othersActive},
   * the active grants of everyone else, each with a Revoke button. Empty hides the list.
   */
  public static View build(
      UserId viewer,
      List<AccessRequest> myActive,
      List<AccessRequest> myPending,
      List<AccessRequest> awaitingMyApproval,
      List<AccessRequest> othersActive) {
    return build(viewer, myActive, myPending, awaitingMyApproval, othersActive, null);
  }

  /**
   * The full Home: as {@link #build(UserId, List, List, List, List)}, where {@code extendable} says
   * which of the viewer's grants offer Extend… (those then take two blocks, so at most {@link
   * #MAX_EXTENDABLE_ITEMS} grants are listed), and {@code awaitingMyApproval} may also hold active
   * grants with an extension pending (Approve, Deny) and break-glass uses awaiting the viewer's
   * review (Justified, Not justified).
   */
  public static View build(
      UserId viewer,
      List<AccessRequest> myActive,
      List<AccessRequest> myPending,
      List<AccessRequest> awaitingMyApproval,
      List<AccessRequest> othersActive,
      Predicate<AccessRequest> extendable) {
    return build(viewer, myActive, myPending, awaitingMyApproval, othersActive, extendable, false);
  }

  /** As above; with {@code mayBreakGlass}, a Break glass button beside Request access. */
  public static View build(
      UserId viewer,
      List<AccessRequest> myActive,
      List<AccessRequest> myPending,
      List<AccessRequest> awaitingMyApproval,
      List<AccessRequest> othersActive,
      Predicate<AccessRequest> extendable,
      boolean mayBreakGlass) {
    List<LayoutBlock> blocks = new ArrayList<>();
    List<com.slack.api.model.block.element.BlockElement> top = new ArrayList<>();
    top.add(
        button(
            b ->
                b.actionId(SlackIds.OPEN_REQUEST_MODAL)
                    .text(plainText("Request access"))
                    .style("primary")));
    if (mayBreakGlass) {
      top.add(
          button(
              b ->
                  b.actionId(SlackIds.OPEN_BREAK_GLASS_MODAL)
                      .text(plainText("Break glass"))
                      .style("danger")));
    }
    blocks.add(actions(a -> a.blockId(SlackIds.HOME_ACTIONS_BLOCK).elements(top)));
    blocks.add(
        context(
            c ->
                c.elements(
                    asContextElements(
                        Mrkdwn.text("Access requests for " + Mrkdwn.mention(viewer) + ".")))));
    if (extendable == null) {
      list(blocks, "My active grants", "No active access.", myActive, r -> List.of(grant(r, "")));
    } else {
      list(
          blocks,
          "My active grants",
          "No active access.",
          myActive,
          MAX_EXTENDABLE_ITEMS,
          r -> extendable.test(r) ? extendableGrant(r) : List.of(grant(r, "")));
    }
    list(
        blocks,
        "My pending requests",
        "No requests waiting.",
        myPending,
        r ->
            List.of(
                section(
                    s ->
                        s.text(
                                Mrkdwn.text(
                                    Fmt.what(r)
                                        + "\n"
                                        + Fmt.quorum(r)
                                        + " · closes "
                                        + Fmt.date(r.approvalDeadline())))
                            .accessory(Buttons.cancel(r)))));
    list(
        blocks,
        "Waiting for your approval",
        "Nothing to approve.",
        awaitingMyApproval,
        r ->
            r.status() != RequestStatus.PENDING
                ? Awaiting.blocks(r)
                : List.of(
                    section(
                        s ->
                            s.text(
                                Mrkdwn.text(
                                    Mrkdwn.mention(r.requester())
                                        + " asks for "
                                        + Fmt.what(r)
                                        + " · "
                                        + Fmt.quorum(r)
                                        + "\n"
                                        + Mrkdwn.quote(
                                            Mrkdwn.escape(r.justification().strip()),
                                            JUSTIFICATION_MAX)))),
                    actions(a -> a.elements(asElements(Buttons.approve(r), Buttons.deny(r))))));
    if (!othersActive.isEmpty()) {
      list(
          blocks,
          "Everyone's active grants (admin)",
          "",
          othersActive,
          MAX_ADMIN_ITEMS,
          r -> List.of(grant(r, Mrkdwn.mention(r.requester()) + ": ")));
    }
    return view(v -> v.type("home").blocks(List.copyOf(blocks)));
  }

  private static void list(
      List<LayoutBlock> blocks,
      String title,
      String none,
      List<AccessRequest> items,
      Function<AccessRequest, List<LayoutBlock>> render) {
    list(blocks, title, none, items, MAX_ITEMS, render);
  }

  private static void list(
      List<LayoutBlock> blocks,
      String title,
      String none,
      List<AccessRequest> items,
      int max,
      Function<AccessRequest, List<LayoutBlock>> render) {
    blocks.add(divider());
    blocks.add(header(h -> h.text(plainText(title))));
    if (items.isEmpty()) {
      blocks.add(context(c -> c.elements(asContextElements(plainText(none)))));
      return;
    }
    items.stream().limit(max).map(render).forEach(blocks::addAll);
    if (items.size() > max) {
      int more = items.size() - max;
      blocks.add(context(c -> c.elements(asContextElements(plainText("and " + more + " more")))));
    }
  }

  /** A grant whose holder may ask for more time: its line, then Extend… and Revoke now. */
  private static List<LayoutBlock> extendableGrant(AccessRequest r) {
    return List.of(
        section(s -> s.text(Mrkdwn.text(grantText(r, "")))),
        actions(a -> a.elements(asElements(Buttons.extend(r), Buttons.revoke(r)))));
  }

  /**
   * One grant: role, resource, and until when with its Revoke button while it is {@code ACTIVE}; in
   * any other state (still being granted, being revoked or rolled back) its state and no button,
   * since the engine refuses a revoke of what is not active yet (docs/lifecycle.md).
   */
  private static LayoutBlock grant(AccessRequest r, String prefix) {
    String text = grantText(r, prefix);
    return r.status() == RequestStatus.ACTIVE
        ? section(s -> s.text(Mrkdwn.text(text)).accessory(Buttons.revoke(r)))
        : section(s -> s.text(Mrkdwn.text(text)));
  }

  private static String grantText(AccessRequest r, String prefix) {
    boolean active = r.status() == RequestStatus.ACTIVE;
    return (r.isBreakGlass() ? ":rotating_light: *break-glass* · " : "")
        + prefix
        + Fmt.code(r.role())
        + " on "
        + Fmt.code(r.resource())
        + (active && r.expiresAt().isPresent()
            ? ", until " + Fmt.date(r.expiresAt().get())
            : ", " + Mrkdwn.escape(status(r)))
        + r.extension().map(x -> " · extension of " + Fmt.duration(x.by()) + " asked").orElse("");
  }

  private static String status(AccessRequest r) {
    if (r.status() == RequestStatus.APPROVED) {
      return "being granted";
    }
    return r.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }
}
