package dev.mailgate.oauth;

import dev.mailgate.system.ApiController;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The Application Registry over REST. {@code POST} takes either every field ({@code "preset":
 * "CUSTOM"} or none) or a preset with what it needs: {@code {"preset": "MICROSOFT_365", "tenant":
 * ..., "clientId": ..., "clientSecret": ...}}, {@code {"preset": "GOOGLE", ...}}, {@code {"preset":
 * "OPENID", "issuer": ...}}.
 */
@ApiController
@RequestMapping("/api/v1/providers")
class ProviderApiController {

  private final ProviderService providers;

  ProviderApiController(ProviderService providers) {
    this.providers = providers;
  }

  @GetMapping
  List<OAuthProvider> list() {
    return providers.list();
  }

  @GetMapping("/{id}")
  OAuthProvider one(@PathVariable UUID id) {
    return providers.find(id);
  }

  @PostMapping
  ResponseEntity<OAuthProvider> create(@RequestBody ProviderInput input) {
    OAuthProvider created = providers.create(input);
    return ResponseEntity.created(URI.create("/api/v1/providers/" + created.id())).body(created);
  }

  @PutMapping("/{id}")
  OAuthProvider update(@PathVariable UUID id, @RequestBody ProviderInput input) {
    return providers.update(id, input);
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(@PathVariable UUID id) {
    providers.delete(id);
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/{id}/test")
  ProviderCheckReport test(@PathVariable UUID id) {
    return providers.check(id);
  }
}
