package dev.jit.okta.internal;

import java.net.URI;
import java.util.Map;

/** How API calls authenticate: an OAuth access token ({@link TokenSource}) or an SSWS token. */
public interface Credentials {

  /** The headers of one call, and the credential they carry (to report it refused). */
  record Authorization(Map<String, String> headers, Object credential) {}

  Authorization authorize(String method, URI uri);

  /**
   * Okta refused {@code a} as invalid or expired; answers whether a new credential may help (a
   * fresh access token does, a revoked SSWS token does not).
   */
  boolean refused(Authorization a);

  /** Okta asked API calls for a DPoP nonce. */
  default void apiNonce(String nonce) {}

  /** An SSWS API token: the creating admin's rights, no scopes; the documented fallback. */
  static Credentials ssws(String token) {
    return new Credentials() {
      @Override
      public Authorization authorize(String method, URI uri) {
        return new Authorization(Map.of("Authorization", "SSWS " + token), this);
      }

      @Override
      public boolean refused(Authorization a) {
        return false;
      }

      @Override
      public String toString() {
        return "SSWS token";
      }
    };
  }
}
