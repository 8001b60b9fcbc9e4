package dev.jit.slack.internal;

import static com.slack.api.model.view.Views.view;
import static com.slack.api.model.view.Views.viewClose;
import static com.slack.api.model.view.Views.viewSubmit;
import static com.slack.api.model.view.Views.viewTitle;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import java.util.List;

/** The frame every jit form shares: a modal with a title, a submit and a close button. */
public final class Modals {
  private Modals() {}

  /**
   * A modal form of {@code blocks}, submitted as {@code callbackId} with {@code privateMetadata}
   * (null for none).
   */
  public static View form(
      String callbackId,
      String privateMetadata,
      String title,
      String submit,
      String close,
      List<LayoutBlock> blocks) {
    return view(
        v ->
            v.type("modal")
                .callbackId(callbackId)
                .privateMetadata(privateMetadata)
                .title(viewTitle(t -> t.type("plain_text").text(title)))
                .submit(viewSubmit(s -> s.type("plain_text").text(submit)))
                .close(viewClose(c -> c.type("plain_text").text(close)))
                .blocks(List.copyOf(blocks)));
  }
}
