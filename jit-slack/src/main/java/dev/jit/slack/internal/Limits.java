package dev.jit.slack.internal;

/** Block Kit limits the renderers stay within (Slack rejects a surface that exceeds one). */
public final class Limits {
  private Limits() {}

  public static final int SECTION_TEXT = 3000;
  public static final int SECTION_FIELD = 2000;
  public static final int SECTION_FIELDS = 10;
  public static final int CONTEXT_TEXT = 3000;
  public static final int CONTEXT_ELEMENTS = 10;
  public static final int HEADER_TEXT = 150;
  public static final int BUTTON_TEXT = 75;
  public static final int BUTTON_VALUE = 2000;
  public static final int OPTION_TEXT = 75;
  public static final int OPTION_VALUE = 150;
  public static final int SELECT_OPTIONS = 100;
  public static final int OPTION_GROUP_LABEL = 75;
  public static final int INPUT_LENGTH = 3000;
  public static final int VIEW_TITLE = 24;
  public static final int CONFIRM_TITLE = 100;
  public static final int CONFIRM_TEXT = 300;
  public static final int PRIVATE_METADATA = 3000;
  public static final int MESSAGE_BLOCKS = 50;
  public static final int VIEW_BLOCKS = 100;

  /** Notification text: Slack truncates {@code text} beyond 4000 characters. */
  public static final int MESSAGE_TEXT = 4000;
}
