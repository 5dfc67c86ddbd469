package dev.mailgate.security.apitoken;

import dev.mailgate.system.ApiController;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

/** Lists and revokes API tokens; creating one is done in the UI, where its secret is shown once. */
@ApiController
@RequestMapping("/api/v1/api-tokens")
class ApiTokenApiController {

  private final ApiTokens tokens;

  ApiTokenApiController(ApiTokens tokens) {
    this.tokens = tokens;
  }

  @GetMapping
  List<ApiToken> list() {
    return tokens.list();
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void revoke(@PathVariable UUID id) {
    tokens.revoke(id);
  }
}
