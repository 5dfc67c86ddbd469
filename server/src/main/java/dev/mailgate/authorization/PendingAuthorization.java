package dev.mailgate.authorization;

import java.util.List;
import java.util.UUID;

/** An authorization request on its way through the provider, as the callback reads it back. */
record PendingAuthorization(
    UUID id,
    UUID accountId,
    UUID providerId,
    String codeVerifier,
    String nonce,
    String redirectUri,
    String expectedIdentity,
    List<String> scopes) {

  @Override
  public String toString() {
    return "PendingAuthorization[id=" + id + ", accountId=" + accountId + "]";
  }
}
