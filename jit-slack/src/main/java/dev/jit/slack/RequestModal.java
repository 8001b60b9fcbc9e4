package dev.jit.slack;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.option;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.asContextElements;
import static com.slack.api.model.block.element.BlockElements.externalSelect;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;
import static com.slack.api.model.block.element.BlockElements.staticSelect;
import static com.slack.api.model.view.Views.view;
import static com.slack.api.model.view.Views.viewClose;
import static com.slack.api.model.view.Views.viewTitle;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.OptionGroupObject;
import com.slack.api.model.block.composition.OptionObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.view.View;
import dev.jit.core.SubmissionRules;
import dev.jit.core.TextRules;
import dev.jit.core.policy.Policy;
import dev.jit.core.policy.ResourcePolicy;
import dev.jit.core.policy.RolePolicy;
import dev.jit.slack.internal.Fmt;
import dev.jit.slack.internal.Limits;
import dev.jit.slack.internal.Modals;
import dev.jit.spi.ResourceId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The request modal, rendered from the policy catalog and the engine's {@link SubmissionRules}; a
 * pure function (checking what was submitted is {@code RequestFormValidator}'s, reading it {@code
 * RequestFormParser}'s).
 *
 * <p>The catalog a modal shows is what its viewer may request ({@code engine.requestableBy(user)}):
 * need to know, as descriptions may be confidential. The {@link Policy} overloads show every
 * resource, for a viewer who may request them all (samples and previews).
 *
 * <p>Resources are a {@code static_select} of the catalog in file order, grouped under the policy's
 * {@code group} headings when resources name one. A catalog beyond Slack's limits for one select
 * (100 options, or 100 groups of 100) switches to an {@code external_select} with the same ids: the
 * handler answers its options-load requests with {@link #resourceOptions(List, String)}. The
 * resource select dispatches a block action; the handler then re-renders with {@code views.update}
 * and what was entered so far, so that the role and duration lists belong to the chosen resource.
 * Until a resource is chosen a context hint stands in for them.
 *
 * <p>Slack keeps input values across {@code views.update} when block and action ids stay the same,
 * so a role chosen for an earlier resource may survive a resource change; the validator refuses a
 * role the chosen resource does not have, as the engine does.
 */
public final class RequestModal {
  public static final int MAX_STATIC_RESOURCES = Limits.SELECT_OPTIONS;

  /** Offered when a resource lists no {@code durations}: the ones up to its maximum, then it. */
  static final List<Duration> LADDER =
      List.of(
          Duration.ofMinutes(15),
          Duration.ofMinutes(30),
          Duration.ofHours(1),
          Duration.ofHours(2),
          Duration.ofHours(4),
          Duration.ofHours(8),
          Duration.ofHours(12),
          Duration.ofDays(1),
          Duration.ofDays(2),
          Duration.ofDays(3),
          Duration.ofDays(7));

  /** Said instead of a catalog when jit cannot tell what the viewer may request. */
  public static final String UNAVAILABLE =
      "jit could not tell which resources you may request just now. Try again in a moment.";

  private RequestModal() {}

  /**
   * The modal over every resource of {@code policy}; see {@link #build(List, Optional, RequestForm,
   * SubmissionRules)}.
   */
  public static View build(
      Policy policy, Optional<ResourceId> selected, RequestForm previous, SubmissionRules rules) {
    return build(List.copyOf(policy.resources().values()), selected, previous, rules);
  }

  /**
   * The modal over {@code catalog}, the resources its viewer may request, in policy order. {@code
   * selected} is the resource chosen so far (ignored when it is not in the catalog); {@code
   * previous} fills in what was already entered; {@code rules} are the engine's ({@code
   * engine.submissionRules()}), whose justification bounds the text input enforces.
   */
  public static View build(
      List<ResourcePolicy> catalog,
      Optional<ResourceId> selected,
      RequestForm previous,
      SubmissionRules rules) {
    int justificationMin = rules.justificationMin();
    int justificationMax = rules.justificationMax();
    if (justificationMax > Limits.INPUT_LENGTH) {
      throw new IllegalArgumentException(
          "Slack's text inputs take at most " + Limits.INPUT_LENGTH + " characters");
    }
    Optional<ResourcePolicy> resource =
        selected.flatMap(id -> catalog.stream().filter(rp -> rp.id().equals(id)).findFirst());
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(
        input(
            i ->
                i.blockId(SlackIds.RESOURCE_BLOCK)
                    .label(plainText("Resource"))
                    .dispatchAction(true)
                    .element(resourceSelect(catalog, resource))));
    if (resource.isEmpty()) {
      blocks.add(
          context(
              c ->
                  c.blockId(SlackIds.RESOURCE_HINT_BLOCK)
                      .elements(
                          asContextElements(
                              plainText("Choose a resource to see its roles and durations.")))));
    } else {
      ResourcePolicy rp = resource.get();
      blocks.add(
          input(
              i ->
                  i.blockId(SlackIds.ROLE_BLOCK)
                      .label(plainText("Role"))
                      .element(roleSelect(rp, previous.role()))));
      blocks.add(
          input(
              i ->
                  i.blockId(SlackIds.DURATION_BLOCK)
                      .label(plainText("Duration"))
                      .hint(plainText("At most " + Fmt.duration(rp.maxDuration()) + "."))
                      .element(durationSelect(rp, previous.parsedDuration()))));
    }
    blocks.add(
        input(
            i ->
                i.blockId(SlackIds.JUSTIFICATION_BLOCK)
                    .label(plainText("Justification"))
                    .hint(
                        plainText(
                            "Why you need it, for the approvers: "
                                + justificationMin
                                + " to "
                                + justificationMax
                                + " characters."))
                    .element(
                        plainTextInput(
                            p ->
                                p.actionId(SlackIds.JUSTIFICATION_INPUT)
                                    .multiline(true)
                                    .minLength(justificationMin)
                                    .maxLength(justificationMax)
                                    .initialValue(
                                        initial(previous.justification(), justificationMax))
                                    .placeholder(plainText("What are you going to do?"))))));
    blocks.add(
        input(
            i ->
                i.blockId(SlackIds.TICKET_BLOCK)
                    .label(plainText("Ticket"))
                    .optional(true)
                    .hint(plainText("An incident or change reference, if there is one."))
                    .element(
                        plainTextInput(
                            p ->
                                p.actionId(SlackIds.TICKET_INPUT)
                                    .maxLength(TextRules.TICKET_MAX)
                                    .initialValue(initial(previous.ticket(), TextRules.TICKET_MAX))
                                    .placeholder(plainText("INC-1234"))))));
    return Modals.form(SlackIds.REQUEST_MODAL, null, "Request access", "Request", "Cancel", blocks);
  }

  /**
   * What stands in for the modal when jit cannot tell which resources the viewer may request (the
   * directory is down or slow): no resource at all, and a sentence to try again.
   */
  public static View unavailable() {
    return view(
        v ->
            v.type("modal")
                .callbackId(SlackIds.REQUEST_MODAL_UNAVAILABLE)
                .title(viewTitle(t -> t.type("plain_text").text("Request access")))
                .close(viewClose(c -> c.type("plain_text").text("Close")))
                .blocks(List.of(section(sec -> sec.text(plainText(UNAVAILABLE))))));
  }

  /** The resource search over every resource of {@code policy}. */
  public static List<OptionObject> resourceOptions(Policy policy, String query) {
    return resourceOptions(List.copyOf(policy.resources().values()), query);
  }

  /**
   * Options for the resource {@code external_select} of a large catalog: up to 100 resources of
   * {@code catalog} (what the searching person may request) whose id or description contains {@code
   * query} (case-insensitive), in catalog order.
   */
  public static List<OptionObject> resourceOptions(List<ResourcePolicy> catalog, String query) {
    String q = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
    return catalog.stream()
        .filter(
            rp ->
                rp.id().value().contains(q)
                    || rp.description().toLowerCase(Locale.ROOT).contains(q))
        .limit(Limits.SELECT_OPTIONS)
        .map(RequestModal::resourceOption)
        .toList();
  }

  /** The durations the modal offers for {@code rp}, shortest first. */
  public static List<Duration> durationChoices(ResourcePolicy rp) {
    if (!rp.durations().isEmpty()) {
      return rp.durations().stream()
          .filter(rp::allowsDuration)
          .sorted()
          .limit(Limits.SELECT_OPTIONS)
          .toList();
    }
    List<Duration> choices = new ArrayList<>();
    for (Duration d : LADDER) {
      if (d.compareTo(rp.maxDuration()) < 0) {
        choices.add(d);
      }
    }
    choices.add(rp.maxDuration());
    return List.copyOf(choices);
  }

  private static BlockElement resourceSelect(
      List<ResourcePolicy> catalog, Optional<ResourcePolicy> selected) {
    Optional<OptionObject> initial = selected.map(RequestModal::resourceOption);
    Optional<List<OptionGroupObject>> groups = resourceGroups(catalog);
    if (!fitsStaticSelect(catalog, groups)) {
      return externalSelect(
          e ->
              e.actionId(SlackIds.RESOURCE_SELECT)
                  .minQueryLength(0)
                  .placeholder(plainText("Search resources"))
                  .initialOption(initial.orElse(null)));
    }
    if (groups.isPresent()) {
      return staticSelect(
          s ->
              s.actionId(SlackIds.RESOURCE_SELECT)
                  .placeholder(plainText("Choose a resource"))
                  .optionGroups(groups.get())
                  .initialOption(initial.orElse(null)));
    }
    List<OptionObject> options = catalog.stream().map(RequestModal::resourceOption).toList();
    return staticSelect(
        s ->
            s.actionId(SlackIds.RESOURCE_SELECT)
                .placeholder(plainText("Choose a resource"))
                .options(options)
                .initialOption(initial.orElse(null)));
  }

  /**
   * The resources under their policy {@code group} headings, in file order of first appearance;
   * resources without a group come last under "Other". Empty when no resource names a group.
   */
  private static Optional<List<OptionGroupObject>> resourceGroups(List<ResourcePolicy> catalog) {
    Map<String, List<OptionObject>> byGroup = new LinkedHashMap<>();
    boolean anyGroup = false;
    for (ResourcePolicy rp : catalog) {
      anyGroup |= !rp.group().isEmpty();
      byGroup.computeIfAbsent(rp.group(), g -> new ArrayList<>()).add(resourceOption(rp));
    }
    if (!anyGroup) {
      return Optional.empty();
    }
    List<OptionObject> ungrouped = byGroup.remove("");
    if (ungrouped != null) {
      byGroup.put("Other", ungrouped);
    }
    List<OptionGroupObject> groups = new ArrayList<>();
    byGroup.forEach(
        (label, options) ->
            groups.add(
                OptionGroupObject.builder()
                    .label(plainText(Mrkdwn.truncate(label, Limits.OPTION_GROUP_LABEL)))
                    .options(options)
                    .build()));
    return Optional.of(groups);
  }

  /** Slack's limits: 100 options, or 100 groups of 100 options each. */
  private static boolean fitsStaticSelect(
      List<ResourcePolicy> catalog, Optional<List<OptionGroupObject>> groups) {
    if (groups.isEmpty()) {
      return catalog.size() <= MAX_STATIC_RESOURCES;
    }
    return groups.get().size() <= Limits.SELECT_OPTIONS
        && groups.get().stream().allMatch(g -> g.getOptions().size() <= Limits.SELECT_OPTIONS);
  }

  private static BlockElement roleSelect(ResourcePolicy rp, Optional<String> previous) {
    if (rp.roles().size() > Limits.SELECT_OPTIONS) {
      throw new IllegalArgumentException(
          "resource '"
              + rp.id()
              + "' has "
              + rp.roles().size()
              + " roles; the request modal can offer at most "
              + Limits.SELECT_OPTIONS);
    }
    List<OptionObject> options =
        rp.roles().values().stream()
            .map(
                role ->
                    option(plainText(label(role.name().value(), role.description())), value(role)))
            .toList();
    Optional<OptionObject> initial =
        rp.roles().size() == 1
            ? Optional.of(options.get(0))
            : previous.flatMap(
                p -> options.stream().filter(o -> o.getValue().equals(p)).findFirst());
    return staticSelect(
        s ->
            s.actionId(SlackIds.ROLE_SELECT)
                .placeholder(plainText("Choose a role"))
                .options(options)
                .initialOption(initial.orElse(null)));
  }

  private static BlockElement durationSelect(ResourcePolicy rp, Optional<Duration> previous) {
    List<OptionObject> options =
        durationChoices(rp).stream()
            .map(d -> option(plainText(Fmt.duration(d)), d.toString()))
            .toList();
    Optional<OptionObject> initial =
        previous.flatMap(
            p -> options.stream().filter(o -> o.getValue().equals(p.toString())).findFirst());
    return staticSelect(
        s ->
            s.actionId(SlackIds.DURATION_SELECT)
                .placeholder(plainText("Choose a duration"))
                .options(options)
                .initialOption(initial.orElse(null)));
  }

  private static OptionObject resourceOption(ResourcePolicy rp) {
    return option(plainText(label(rp.id().value(), rp.description())), rp.id().value());
  }

  private static String value(RolePolicy role) {
    return role.name().value();
  }

  /** {@code id — description}, one line, at most 75 characters. */
  private static String label(String id, String description) {
    String d = description.strip().replaceAll("\\s+", " ");
    return Mrkdwn.truncate(d.isEmpty() ? id : id + " — " + d, Limits.OPTION_TEXT);
  }

  private static String initial(String text, int max) {
    return text.isEmpty() ? null : Mrkdwn.truncate(text, max);
  }
}
