package dev.jit.slack;

/**
 * Every {@code callback_id}, {@code block_id} and {@code action_id} the renderers put on a surface,
 * so that handlers match on the same constants. Values are stable: changing one breaks messages
 * already posted.
 */
public final class SlackIds {
  private SlackIds() {}

  // callback_id of views
  /** The request modal. */
  public static final String REQUEST_MODAL = "jit_request_modal";

  /** What stands in for the request modal when jit cannot tell what its viewer may request. */
  public static final String REQUEST_MODAL_UNAVAILABLE = "jit_request_modal_unavailable";

  /** The modal asking a denying approver for the reason; private_metadata is the request id. */
  public static final String DENY_REASON_MODAL = "jit_deny_reason_modal";

  // block_id of the request modal (keys of view.state.values and of response_action errors)
  public static final String RESOURCE_BLOCK = "jit_resource";
  public static final String ROLE_BLOCK = "jit_role";

  /** The context shown instead of role and duration until a resource is chosen. */
  public static final String RESOURCE_HINT_BLOCK = "jit_resource_hint";

  public static final String DURATION_BLOCK = "jit_duration";
  public static final String JUSTIFICATION_BLOCK = "jit_justification";
  public static final String TICKET_BLOCK = "jit_ticket";

  // action_id of the request modal's elements
  /**
   * The resource select. It dispatches a block action on change: the handler re-renders the modal
   * with {@code views.update} so the role and duration lists match the resource.
   */
  public static final String RESOURCE_SELECT = "jit_resource_select";

  public static final String ROLE_SELECT = "jit_role_select";
  public static final String DURATION_SELECT = "jit_duration_select";
  public static final String JUSTIFICATION_INPUT = "jit_justification_input";
  public static final String TICKET_INPUT = "jit_ticket_input";

  // the deny reason modal
  public static final String DENY_REASON_BLOCK = "jit_deny_reason";
  public static final String DENY_REASON_INPUT = "jit_deny_reason_input";

  // buttons; the value of each is the request id
  /** Approve a pending request (approval message, nudge, App Home). */
  public static final String APPROVE = "jit_approve";

  /** Deny a pending request: the handler opens {@link DenyReasonModal}. */
  public static final String DENY = "jit_deny";

  /** Revoke one's own active grant now (App Home). */
  public static final String REVOKE = "jit_revoke";

  /** Cancel one's own pending request (App Home). */
  public static final String CANCEL = "jit_cancel";

  /** Open the request modal (App Home); the button has no value. */
  public static final String OPEN_REQUEST_MODAL = "jit_open_request_modal";

  // block_id of fixed blocks in messages and the App Home
  /** The actions block with Approve and Deny in an approval message or a nudge. */
  public static final String DECISION_ACTIONS_BLOCK = "jit_decision";

  /** The status line of an approval message once the request is no longer pending. */
  public static final String STATUS_BLOCK = "jit_status";

  /** The App Home's top actions block holding the Request access button. */
  public static final String HOME_ACTIONS_BLOCK = "jit_home_actions";

  // break-glass review and extensions
  /** The modal asking a reviewer for the comment; private_metadata is {@code <verdict>:<id>}. */
  public static final String REVIEW_MODAL = "jit_review_modal";

  public static final String REVIEW_COMMENT_BLOCK = "jit_review_comment";
  public static final String REVIEW_COMMENT_INPUT = "jit_review_comment_input";

  /** Mark a break-glass use justified: opens the review modal. */
  public static final String REVIEW_JUSTIFIED = "jit_review_justified";

  /** Mark a break-glass use not justified: opens the review modal. */
  public static final String REVIEW_NOT_JUSTIFIED = "jit_review_not_justified";

  /** The actions block with the two review buttons. */
  public static final String REVIEW_ACTIONS_BLOCK = "jit_review";

  /** Ask for more time on one's own active grant: opens the extension modal. */
  public static final String EXTEND = "jit_extend";

  /** The extension modal; private_metadata is the request id. */
  public static final String EXTEND_MODAL = "jit_extend_modal";

  public static final String EXTEND_BLOCK = "jit_extend_by";
  public static final String EXTEND_SELECT = "jit_extend_by_select";

  /** The modal asking an owner why they deny an extension; private_metadata is the request id. */
  public static final String DENY_EXTENSION_MODAL = "jit_deny_extension_modal";

  /** Approve the pending extension (the owners' message). */
  public static final String APPROVE_EXTENSION = "jit_approve_extension";

  /** Deny the pending extension: opens the deny reason modal for the extension. */
  public static final String DENY_EXTENSION = "jit_deny_extension";

  /** The actions block with Approve and Deny of an extension. */
  public static final String EXTENSION_ACTIONS_BLOCK = "jit_extension";

  /** Open the break-glass modal (App Home, for people a break-glass policy names). */
  public static final String OPEN_BREAK_GLASS_MODAL = "jit_open_break_glass";

  /** The break-glass modal. */
  public static final String BREAK_GLASS_MODAL = "jit_break_glass_modal";

  public static final String BREAK_GLASS_ROLE_BLOCK = "jit_break_glass_role";
  public static final String BREAK_GLASS_ROLE_SELECT = "jit_break_glass_role_select";
  public static final String BREAK_GLASS_DURATION_BLOCK = "jit_break_glass_duration";
  public static final String BREAK_GLASS_DURATION_SELECT = "jit_break_glass_duration_select";
  public static final String BREAK_GLASS_INCIDENT_BLOCK = "jit_break_glass_incident";
  public static final String BREAK_GLASS_INCIDENT_INPUT = "jit_break_glass_incident_input";
  public static final String BREAK_GLASS_TICKET_BLOCK = "jit_break_glass_ticket";
  public static final String BREAK_GLASS_TICKET_INPUT = "jit_break_glass_ticket_input";
}
