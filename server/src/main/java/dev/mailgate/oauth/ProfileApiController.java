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

/** A provider's profiles over REST: {@code {"name": "IMAP + SMTP", "scopes": "a b c"}}. */
@ApiController
@RequestMapping("/api/v1/providers/{providerId}/profiles")
class ProfileApiController {

  private final ProfileService profiles;

  ProfileApiController(ProfileService profiles) {
    this.profiles = profiles;
  }

  @GetMapping
  List<OAuthProfile> list(@PathVariable UUID providerId) {
    return profiles.list(providerId);
  }

  @GetMapping("/{id}")
  OAuthProfile one(@PathVariable UUID providerId, @PathVariable UUID id) {
    return profiles.find(providerId, id);
  }

  @PostMapping
  ResponseEntity<OAuthProfile> add(@PathVariable UUID providerId, @RequestBody ProfileInput in) {
    OAuthProfile added = profiles.add(providerId, in);
    return ResponseEntity.created(
            URI.create("/api/v1/providers/" + providerId + "/profiles/" + added.id()))
        .body(added);
  }

  @PutMapping("/{id}")
  OAuthProfile update(
      @PathVariable UUID providerId, @PathVariable UUID id, @RequestBody ProfileInput in) {
    return profiles.update(providerId, id, in);
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(@PathVariable UUID providerId, @PathVariable UUID id) {
    profiles.delete(providerId, id);
    return ResponseEntity.noContent().build();
  }
}
