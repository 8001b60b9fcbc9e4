package dev.jit.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.jakarta_servlet.SlackAppServletAdapter;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.response.Response;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Slack request endpoint as a Jakarta servlet (Servlet 6), for {@link SlackHttpServer} or a
 * servlet container the embedder already runs. It must be registered with async support.
 *
 * <p>In order: POST only (405); a declared body far over the limit is refused at once (413); the
 * body is read without blocking a thread (a {@link ReadListener}), counted as it comes (413 past
 * the limit, once the rest, up to four times the limit, is read and dropped) and must be complete
 * within {@code bodyTimeout} (408, connection closed), so a client trickling its upload holds no
 * thread and not for long; the signature and timestamp must verify ({@link SlackSignatureVerifier},
 * constant time, 401), and the payload must belong to the bot token's workspace ({@link
 * WorkspaceBinding}, 401). A refused request never reaches the app. Then Bolt's Jakarta adapter
 * turns the exact bytes received into a Bolt request, {@code app.run} answers it, and the adapter
 * writes the answer; a failure inside the app is answered 500 without details.
 */
public final class SlackServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(SlackServlet.class);
  private static final String BODY = SlackServlet.class.getName() + ".body";

  private final transient App app;
  private final transient SlackSignatureVerifier verifier;
  private final transient WorkspaceBinding binding;
  private final transient Adapter adapter;
  private final int maxBodyBytes;
  private final Duration bodyTimeout;
  private final transient SlackMetrics metrics;

  /**
   * @param maxBodyBytes larger bodies are refused with 413
   * @param bodyTimeout how long a request may take from its headers to its last body byte
   */
  public SlackServlet(
      App app,
      SlackSignatureVerifier verifier,
      WorkspaceBinding binding,
      int maxBodyBytes,
      Duration bodyTimeout) {
    this(app, verifier, binding, maxBodyBytes, bodyTimeout, SlackMetrics.NONE);
  }

  /**
   * @param metrics told of every request refused here ({@link SlackMetrics#rejected})
   */
  public SlackServlet(
      App app,
      SlackSignatureVerifier verifier,
      WorkspaceBinding binding,
      int maxBodyBytes,
      Duration bodyTimeout,
      SlackMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.app = Objects.requireNonNull(app, "app");
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.binding = Objects.requireNonNull(binding, "binding");
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be positive");
    }
    if (bodyTimeout.isNegative() || bodyTimeout.isZero()) {
      throw new IllegalArgumentException("bodyTimeout must be positive");
    }
    this.maxBodyBytes = maxBodyBytes;
    this.bodyTimeout = bodyTimeout;
    this.adapter = new Adapter(app);
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!"POST".equals(req.getMethod())) {
      resp.setHeader("Allow", "POST");
      metrics.rejected("method");
      plain(resp, 405, "POST only");
      return;
    }
    if (req.getContentLengthLong() > drainLimit()) {
      metrics.rejected("too_large");
      resp.setHeader("Connection", "close");
      plain(resp, 413, "request body too large");
      return;
    }
    AsyncContext async = req.startAsync();
    async.setTimeout(bodyTimeout.toMillis());
    Exchange exchange = new Exchange(async, req, resp);
    async.addListener(exchange);
    req.getInputStream().setReadListener(exchange);
  }

  /**
   * Up to how many bytes of a body over the limit are read and dropped before the 413, so the
   * client reads the answer: closing on a body still arriving resets the connection, and the client
   * sees that instead of the 413. A larger one is answered and closed at once.
   */
  private long drainLimit() {
    return Math.min(4L * maxBodyBytes, 8L * 1024 * 1024);
  }

  /** One request on its way in: its body as it arrives, answered exactly once. */
  private final class Exchange implements ReadListener, AsyncListener {
    private final AsyncContext async;
    private final HttpServletRequest req;
    private final HttpServletResponse resp;
    private final ServletInputStream in;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final byte[] buffer = new byte[8192];
    private final AtomicBoolean answered = new AtomicBoolean();
    private long received;

    Exchange(AsyncContext async, HttpServletRequest req, HttpServletResponse resp)
        throws IOException {
      this.async = async;
      this.req = req;
      this.resp = resp;
      this.in = req.getInputStream();
    }

    @Override
    public void onDataAvailable() throws IOException {
      while (in.isReady() && !in.isFinished()) {
        int n = in.read(buffer);
        if (n < 0) {
          return;
        }
        received += n;
        if (received > drainLimit()) {
          refuse(413, "too_large", "request body too large");
          return;
        }
        if (received <= maxBodyBytes) {
          body.write(buffer, 0, n);
        }
      }
    }

    @Override
    public void onAllDataRead() {
      if (received > maxBodyBytes) {
        refuse(413, "too_large", "request body too large");
        return;
      }
      if (!answered.compareAndSet(false, true)) {
        return;
      }
      try {
        answer(body.toByteArray());
      } catch (IOException e) {
        LOG.debug("Slack request connection failed", e);
      } catch (RuntimeException e) {
        LOG.error("Slack request failed", e);
      } finally {
        async.complete();
      }
    }

    private void answer(byte[] raw) throws IOException {
      if (!verifier.verify(
          Optional.ofNullable(req.getHeader("X-Slack-Request-Timestamp")),
          Optional.ofNullable(req.getHeader("X-Slack-Signature")),
          raw)) {
        metrics.rejected("signature");
        plain(resp, 401, "invalid request signature");
        return;
      }
      String text = new String(raw, StandardCharsets.UTF_8);
      if (binding.refusal(text).isPresent()) {
        metrics.rejected("workspace");
        plain(resp, 401, "payload of another workspace");
        return;
      }
      req.setAttribute(BODY, text);
      adapter.writeResponse(resp, run(req));
    }

    private Response run(HttpServletRequest req) throws IOException {
      Request<?> request = adapter.buildSlackRequest(req);
      if (request == null) {
        return Response.builder().statusCode(400).body("unsupported request").build();
      }
      try {
        return app.run(request);
      } catch (Exception e) {
        LOG.error("the Slack app failed on a {} request", request.getRequestType(), e);
        return Response.builder().statusCode(500).body("internal error").build();
      }
    }

    /** Answers now and closes the connection, leaving the rest of the body unread. */
    private void refuse(int status, String reason, String text) {
      if (!answered.compareAndSet(false, true)) {
        return;
      }
      metrics.rejected(reason);
      try {
        resp.setHeader("Connection", "close");
        plain(resp, status, text);
      } catch (IOException | RuntimeException e) {
        LOG.debug("could not answer {} to a Slack request", status, e);
      } finally {
        async.complete();
      }
    }

    @Override
    public void onError(Throwable t) {
      LOG.debug("reading a Slack request failed", t);
      refuse(400, "unreadable", "request body could not be read");
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      LOG.debug("a Slack request's body did not arrive within {}", bodyTimeout);
      refuse(408, "too_slow", "request body too slow");
    }

    @Override
    public void onComplete(AsyncEvent event) {}

    @Override
    public void onError(AsyncEvent event) {
      refuse(400, "unreadable", "request failed");
    }

    @Override
    public void onStartAsync(AsyncEvent event) {}
  }

  private static void plain(HttpServletResponse resp, int status, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    resp.setStatus(status);
    resp.setContentType("text/plain;charset=utf-8");
    resp.setContentLength(bytes.length);
    resp.getOutputStream().write(bytes);
  }

  /** Bolt's Jakarta adapter, given the body this servlet read and checked. */
  private static final class Adapter extends SlackAppServletAdapter {
    Adapter(App app) {
      super(app.config());
    }

    @Override
    protected String doReadRequestBodyAsString(HttpServletRequest req) {
      return (String) req.getAttribute(BODY);
    }
  }
}
