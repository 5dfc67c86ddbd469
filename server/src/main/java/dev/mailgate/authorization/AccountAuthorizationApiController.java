package dev.mailgate.authorization;

import dev.mailgate.oauth.Revocation;
import dev.mailgate.system.ApiController;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * REST: start an authorization (open the returned Mailgate URL in a browser where an admin is
 * logged in: the first session that opens it is bound to it and only that one can finish it) or
 * deauthorize.
 */
@ApiController
@RequestMapping("/api/v1/accounts/{id}")
class AccountAuthorizationApiController {

  private final AccountAuthorization authorization;

  AccountAuthorizationApiController(AccountAuthorization authorization) {
    this.authorization = authorization;
  }

  @PostMapping("/authorize")
  Map<String, Object> authorize(@PathVariable UUID id) {
    return Map.of("authorizationUrl", authorization.startForBrowser(id).toString());
  }

  /**
   * Per token what the provider answered: {@code revoked} says whether the authorization is ended
   * at the provider (its refresh token revoked), {@code refreshToken} and {@code accessToken} give
   * each outcome and the provider's words, {@code summary} what that means.
   */
  @PostMapping("/deauthorize")
  Map<String, Object> deauthorize(@PathVariable UUID id) {
    return authorization
        .deauthorize(id)
        .map(Revocation::described)
        .orElse(Map.of("revoked", false, "summary", "There was no authorization to remove."));
  }
}
