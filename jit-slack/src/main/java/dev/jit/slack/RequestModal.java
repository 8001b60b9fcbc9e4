package dev.jit.slack;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.composition.BlockCompositions.option;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.asContextElements;
import static com.slack.api.model.block.element.BlockElements.externalSelect;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;
import static com.slack.api.model.block.element.BlockElements.staticSelect;
import static com.slack.api.model.view.Views.view;
import static com.slack.api.model.view.Views.viewClose;
import static com.slack.api.model.view.Views.viewSubmit;
import static com.slack.api.model.view.Views.viewTitle;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.OptionGroupObject;
import com.slack.api.model.block.composition.OptionObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewState;
import dev.jit.core.Rejection;
import dev.jit.core.TextRules;
import dev.jit.core.policy.Policy;
import dev.jit.core.policy.ResourcePolicy;
import dev.jit.core.policy.RolePolicy;
import dev.jit.slack.internal.Fmt;
import dev.jit.slack.internal.Limits;
import dev.jit.spi.ResourceId;
import dev.jit.spi.RoleName;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The request modal, built from the policy catalog; parsing and checking what was submitted.
 *
 * <p>Resources are a {@code static_select} of the catalog in file order, grouped under the policy's
 * {@code group} headings when resources name one. A catalog beyond Slack's limits for one select
 * (100 options, or 100 groups of 100) switches to an {@code external_select} with the same ids: the
 * handler answers its options-load requests with {@link #resourceOptions(Policy, String)}. The
 * resource select dispatches a block action; the handler then re-renders with {@code views.update}
 * and {@code build(policy, chosen, parse(state))}, so that the role and duration lists belong to
 * the chosen resource. Until a resource is chosen a context hint stands in for them.
 *
 * <p>Slack keeps input values across {@code views.update} when block and action ids stay the same,
 * so a role chosen for an earlier resource may survive a resource change: {@link #validate} refuses
 * a role the chosen resource does not have.
 */
public final class RequestModal {
  public static final int MAX_STATIC_RESOURCES = Limits.SELECT_OPTIONS;
  public static final int DEFAULT_JUSTIFICATION_MIN = 10;
  public static final int DEFAULT_JUSTIFICATION_MAX = 2000;
  public static final int TICKET_MAX = TextRules.TICKET_MAX;

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

  private RequestModal() {}

  /**
   * What a requester entered; raw values as Slack returned them, checked by {@link #validate}.
   *
   * @param resource the selected option's value: a resource id
   * @param role the selected option's value: a role name
   * @param duration the selected option's value: an ISO-8601 duration such as {@code PT1H}
   * @param justification as typed; empty when nothing was typed
   * @param ticket as typed; empty when nothing was typed
   */
  public record Form(
      Optional<String> resource,
      Optional<String> role,
      Optional<String> duration,
      String justification,
      String ticket) {
    private static final Form EMPTY =
        new Form(Optional.empty(), Optional.empty(), Optional.empty(), "", "");

    public Form {
      Objects.requireNonNull(resource, "resource");
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(duration, "duration");
      Objects.requireNonNull(justification, "justification");
      Objects.requireNonNull(ticket, "ticket");
    }

    /** Nothing entered yet. */
    public static Form empty() {
      return EMPTY;
    }

    /** The duration, when one was chosen and reads as an ISO-8601 duration. */
    public Optional<Duration> parsedDuration() {
      return duration.flatMap(
          d -> {
            try {
              return Optional.of(Duration.parse(d));
            } catch (DateTimeParseException e) {
              return Optional.empty();
            }
          });
    }
  }

  /** The modal with the default justification bounds (10 to 2000 characters). */
  public static View build(Policy policy, Optional<ResourceId> selected, Form previous) {
    return build(policy, selected, previous, DEFAULT_JUSTIFICATION_MIN, DEFAULT_JUSTIFICATION_MAX);
  }

  /**
   * The modal. {@code selected} is the resource chosen so far (ignored when it is not in the
   * catalog); {@code previous} fills in what was already entered. The justification bounds should
   * be the engine's ({@code EngineSettings.justificationMin/Max}).
   */
  public static View build(
      Policy policy,
      Optional<ResourceId> selected,
      Form previous,
      int justificationMin,
      int justificationMax) {
    checkBounds(justificationMin, justificationMax);
    Optional<ResourcePolicy> resource = selected.flatMap(policy::resource);
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(
        input(
            i ->
                i.blockId(SlackIds.RESOURCE_BLOCK)
                    .label(plainText("Resource"))
                    .dispatchAction(true)
                    .element(resourceSelect(policy, resource))));
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
                                    .maxLength(TICKET_MAX)
                                    .initialValue(initial(previous.ticket(), TICKET_MAX))
                                    .placeholder(plainText("INC-1234"))))));
    return view(
        v ->
            v.type("modal")
                .callbackId(SlackIds.REQUEST_MODAL)
                .title(viewTitle(t -> t.type("plain_text").text("Request access")))
                .submit(viewSubmit(s -> s.type("plain_text").text("Request")))
                .close(viewClose(c -> c.type("plain_text").text("Cancel")))
                .blocks(List.copyOf(blocks)));
  }

  /**
   * Options for the resource {@code external_select} of a large catalog: up to 100 resources whose
   * id or description contains {@code query} (case-insensitive), in catalog order.
   */
  public static List<OptionObject> resourceOptions(Policy policy, String query) {
    String q = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
    return policy.resources().values().stream()
        .filter(
            rp ->
                rp.id().value().contains(q)
                    || rp.description().toLowerCase(Locale.ROOT).contains(q))
        .limit(Limits.SELECT_OPTIONS)
        .map(RequestModal::resourceOption)
        .toList();
  }

  /** What a submitted modal holds; blocks or values that are missing become empty. */
  public static Form parse(Map<String, Map<String, ViewState.Value>> stateValues) {
    Map<String, Map<String, ViewState.Value>> state = stateValues == null ? Map.of() : stateValues;
    Function<String[], Optional<ViewState.Value>> value =
        ids -> Optional.ofNullable(state.get(ids[0])).map(m -> m.get(ids[1]));
    Function<String[], Optional<String>> selected =
        ids ->
            value
                .apply(ids)
                .map(ViewState.Value::getSelectedOption)
                .map(ViewState.SelectedOption::getValue)
                .filter(s -> !s.isBlank());
    Function<String[], String> typed =
        ids -> value.apply(ids).map(ViewState.Value::getValue).orElse("");
    return new Form(
        selected.apply(new String[] {SlackIds.RESOURCE_BLOCK, SlackIds.RESOURCE_SELECT}),
        selected.apply(new String[] {SlackIds.ROLE_BLOCK, SlackIds.ROLE_SELECT}),
        selected.apply(new String[] {SlackIds.DURATION_BLOCK, SlackIds.DURATION_SELECT}),
        typed.apply(new String[] {SlackIds.JUSTIFICATION_BLOCK, SlackIds.JUSTIFICATION_INPUT}),
        typed.apply(new String[] {SlackIds.TICKET_BLOCK, SlackIds.TICKET_INPUT}));
  }

  /**
   * Every problem with {@code form}, as block id → a short message for the person; empty when the
   * form can be submitted. Role and duration are only checked once a known resource is chosen
   * (before that the modal does not show them). The engine checks everything again.
   */
  public static Map<String, String> validate(
      Form form, Policy policy, int minJustification, int maxJustification) {
    checkBounds(minJustification, maxJustification);
    Map<String, String> errors = new LinkedHashMap<>();
    Optional<ResourcePolicy> resource = Optional.empty();
    if (form.resource().isEmpty()) {
      errors.put(SlackIds.RESOURCE_BLOCK, "Choose a resource.");
    } else {
      resource = resourceId(form.resource().get()).flatMap(policy::resource);
      if (resource.isEmpty()) {
        errors.put(SlackIds.RESOURCE_BLOCK, "That resource is not in the catalog. Choose another.");
      }
    }
    resource.ifPresent(rp -> checkRoleAndDuration(form, rp, errors));
    checkJustification(form.justification().strip(), minJustification, maxJustification)
        .ifPresent(m -> errors.put(SlackIds.JUSTIFICATION_BLOCK, m));
    String ticket = form.ticket().strip();
    if (!TextRules.isTicket(ticket)) {
      errors.put(
          SlackIds.TICKET_BLOCK,
          "A ticket is one word of at most " + TICKET_MAX + " characters, such as INC-1234.");
    }
    return errors;
  }

  /**
   * The block a refusal by the engine belongs under, with the engine's message: field problems go
   * under their field, anything else under the justification as a general error.
   */
  public static Map<String, String> errorsFor(Rejection rejection, String message) {
    String block =
        switch (rejection) {
          case UNKNOWN_RESOURCE -> SlackIds.RESOURCE_BLOCK;
          case UNKNOWN_ROLE -> SlackIds.ROLE_BLOCK;
          case DURATION_NOT_ALLOWED -> SlackIds.DURATION_BLOCK;
          case INVALID_TICKET -> SlackIds.TICKET_BLOCK;
          default -> SlackIds.JUSTIFICATION_BLOCK;
        };
    String text = message == null || message.isBlank() ? "This request was refused." : message;
    return Map.of(block, Mrkdwn.truncate(text.strip(), ERROR_MAX));
  }

  /** Error messages are shown under a field; keep them a sentence or two. */
  static final int ERROR_MAX = 300;

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

  private static void checkRoleAndDuration(
      Form form, ResourcePolicy rp, Map<String, String> errors) {
    if (form.role().isEmpty()) {
      errors.put(SlackIds.ROLE_BLOCK, "Choose a role.");
    } else if (roleName(form.role().get()).flatMap(rp::role).isEmpty()) {
      errors.put(SlackIds.ROLE_BLOCK, "Choose one of the roles of " + rp.id() + ".");
    }
    if (form.duration().isEmpty()) {
      errors.put(SlackIds.DURATION_BLOCK, "Choose a duration.");
      return;
    }
    Optional<Duration> d = form.parsedDuration();
    if (d.isPresent() && d.get().compareTo(rp.maxDuration()) > 0) {
      errors.put(
          SlackIds.DURATION_BLOCK,
          "At most " + Fmt.duration(rp.maxDuration()) + " for " + rp.id() + ".");
    } else if (d.isEmpty() || !rp.allowsDuration(d.get())) {
      errors.put(SlackIds.DURATION_BLOCK, "Choose one of the durations offered.");
    }
  }

  private static Optional<String> checkJustification(String text, int min, int max) {
    int length = text.codePointCount(0, text.length());
    if (length < min) {
      return Optional.of(
          "Tell the approvers why, in at least " + min + " characters (you wrote " + length + ").");
    }
    if (length > max) {
      return Optional.of("Keep it to at most " + max + " characters (you wrote " + length + ").");
    }
    boolean invisible = TextRules.hasInvisibleCharacters(text);
    return invisible
        ? Optional.of("Remove control or invisible formatting characters.")
        : Optional.empty();
  }

  private static BlockElement resourceSelect(Policy policy, Optional<ResourcePolicy> selected) {
    Optional<OptionObject> initial = selected.map(RequestModal::resourceOption);
    Optional<List<OptionGroupObject>> groups = resourceGroups(policy);
    if (!fitsStaticSelect(policy, groups)) {
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
    List<OptionObject> options =
        policy.resources().values().stream().map(RequestModal::resourceOption).toList();
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
  private static Optional<List<OptionGroupObject>> resourceGroups(Policy policy) {
    Map<String, List<OptionObject>> byGroup = new LinkedHashMap<>();
    boolean anyGroup = false;
    for (ResourcePolicy rp : policy.resources().values()) {
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
  private static boolean fitsStaticSelect(Policy policy, Optional<List<OptionGroupObject>> groups) {
    if (groups.isEmpty()) {
      return policy.resources().size() <= MAX_STATIC_RESOURCES;
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

  private static Optional<ResourceId> resourceId(String value) {
    try {
      return Optional.of(new ResourceId(value));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<RoleName> roleName(String value) {
    try {
      return Optional.of(new RoleName(value));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static void checkBounds(int min, int max) {
    if (min < 0 || max < 1 || min > max || max > Limits.INPUT_LENGTH) {
      throw new IllegalArgumentException(
          "justification bounds must satisfy 0 <= min <= max <= " + Limits.INPUT_LENGTH);
    }
  }
}
