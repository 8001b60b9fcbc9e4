package dev.jit.okta.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jit.spi.BackendException;
import dev.jit.spi.Ids;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Okta management API calls with {@link Credentials}: a 401 fetches a new access token once (and
 * answers a DPoP nonce challenge once), a 403 is a permanent configuration error, 5xx are
 * retryable; lists follow {@code Link: <…>; rel="next"} to the end, only within the org.
 */
public final class OktaApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NEXT = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"?next\"?");
  private static final Pattern SCOPE = Pattern.compile("scope=\"([^\"]*)\"");
  private static final int MAX_PAGES = 10_000;

  private final OktaHttp http;
  private final Credentials credentials;
  private final String label;

  public OktaApi(OktaHttp http, Credentials credentials, String label) {
    this.http = http;
    this.credentials = credentials;
    this.label = label;
  }

  /** {@code org + path}; the path is already encoded. */
  public URI uri(String path) {
    return URI.create(http.org() + path);
  }

  /**
   * One call; answers 2xx and 4xx other than 401/403/429 for the caller to read, throws for the
   * rest.
   */
  public OktaHttp.Answer call(String method, URI uri, String what) {
    boolean refreshed = false;
    boolean nonce = false;
    String doing = label + ": " + what;
    while (true) {
      Credentials.Authorization auth = credentials.authorize(method, uri);
      HttpRequest.Builder request =
          http.request(uri).method(method, HttpRequest.BodyPublishers.noBody());
      auth.headers().forEach(request::header);
      OktaHttp.Answer a = http.exchange(OktaHttp.family(uri.getPath()), request.build(), doing);
      if (a.status() == 401) {
        String challenge = a.headers().firstValue("WWW-Authenticate").orElse("");
        Optional<String> dpopNonce = a.headers().firstValue("DPoP-Nonce");
        if (challenge.contains("use_dpop_nonce") && dpopNonce.isPresent() && !nonce) {
          credentials.apiNonce(dpopNonce.get());
          nonce = true;
          continue;
        }
        if (!refreshed && credentials.refused(auth)) {
          refreshed = true;
          continue;
        }
        throw BackendException.permanent(
            doing
                + ": Okta refused jit's credentials (401 "
                + code(a)
                + ")"
                + (refreshed ? " even with a new access token" : "; check the SSWS token"));
      }
      if (a.status() == 403) {
        Matcher m = SCOPE.matcher(a.headers().firstValue("WWW-Authenticate").orElse(""));
        throw BackendException.permanent(
            doing
                + ": Okta denied it (403 "
                + code(a)
                + "): the app lacks "
                + (m.find() ? "scope " + m.group(1) : "a scope")
                + " or its admin role does not cover this group or user");
      }
      if (a.status() >= 500) {
        throw BackendException.retryable(doing + ": Okta answered " + a.status());
      }
      if (a.status() == 400 && a.body().contains("invalid_dpop_proof")) {
        throw BackendException.permanent(doing + ": Okta refused jit's DPoP proof");
      }
      return a;
    }
  }

  /** Every item of a list, following {@code rel="next"} links. */
  public List<JsonNode> list(URI first, String what) {
    List<JsonNode> items = new ArrayList<>();
    URI next = first;
    for (int page = 0; next != null; page++) {
      if (page == MAX_PAGES) {
        throw BackendException.retryable(label + ": " + what + ": more than 10000 pages");
      }
      OktaHttp.Answer a = call("GET", next, what);
      if (a.status() != 200) {
        throw new NotFound(a.status(), code(a));
      }
      json(a).forEach(items::add);
      next = next(a);
    }
    return items;
  }

  private URI next(OktaHttp.Answer a) {
    for (String value : a.headers().allValues("Link")) {
      Matcher m = NEXT.matcher(value);
      if (m.find()) {
        URI uri = URI.create(m.group(1));
        URI org = http.org();
        if (!org.getScheme().equals(uri.getScheme())
            || !org.getRawAuthority().equals(uri.getRawAuthority())) {
          throw BackendException.permanent(
              label + ": Okta's next-page link leaves the org; not following it");
        }
        return uri;
      }
    }
    return null;
  }

  /** A list or lookup answered other than 200 (the group or user is gone, say). */
  public static final class NotFound extends BackendException {
    private static final long serialVersionUID = 1L;
    private final int status;

    NotFound(int status, String code) {
      super("Okta answered " + status + " " + code, status != 404);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  public static JsonNode json(OktaHttp.Answer a) {
    try {
      return a.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(a.body());
    } catch (IOException e) {
      throw BackendException.retryable("Okta answered " + a.status() + " with a body not JSON");
    }
  }

  /** {@code E0000007 Not found: …} from an error answer, printable and short. */
  public static String code(OktaHttp.Answer a) {
    try {
      JsonNode n = JSON.readTree(a.body());
      String code = n.path("errorCode").asText(n.path("error").asText(""));
      String summary = n.path("errorSummary").asText(n.path("error_description").asText(""));
      return Ids.printable((code + " " + summary).trim());
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
