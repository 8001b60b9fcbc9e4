package dev.jit.slack.internal;

import com.slack.api.bolt.App;
import com.slack.api.methods.MethodsClient;
import com.slack.api.model.event.AppHomeOpenedEvent;
import dev.jit.core.Command;
import dev.jit.slack.SlackIds;
import dev.jit.spi.UserId;

/**
 * The App Home: published when its tab is opened, and its Revoke and Cancel buttons (they also sit
 * on the requester's messages). Everything runs on the executor after the ack.
 */
public final class AppHomeListeners {
  private final Replies replies;

  public AppHomeListeners(Replies replies) {
    this.replies = replies;
  }

  /** Registers the Home's listeners on {@code app}. */
  public void register(App app) {
    app.blockAction(
        SlackIds.REVOKE,
        (req, ctx) ->
            replies.button(
                req, ctx, "revoke", (id, user, key) -> new Command.Revoke(id, user, key)));
    app.blockAction(
        SlackIds.CANCEL,
        (req, ctx) ->
            replies.button(
                req, ctx, "cancel", (id, user, key) -> new Command.Cancel(id, user, key)));
    app.event(
        AppHomeOpenedEvent.class,
        (req, ctx) -> {
          AppHomeOpenedEvent e = req.getEvent();
          if (e.getTab() == null || "home".equals(e.getTab())) {
            UserId viewer = new UserId(e.getUser());
            MethodsClient client = ctx.client();
            replies.later("home", () -> replies.publishHome(client, viewer));
          }
          return ctx.ack();
        });
  }
}
