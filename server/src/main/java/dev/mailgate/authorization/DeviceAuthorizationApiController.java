package dev.mailgate.authorization;

import dev.mailgate.system.ApiController;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * REST: authorize an account by the device flow (RFC 8628). The answer carries the user code and
 * where to type it; Mailgate polls the provider itself, and {@code GET} says how far it got.
 */
@ApiController
@RequestMapping("/api/v1/accounts/{id}/device-authorizations")
class DeviceAuthorizationApiController {

  private final DeviceAuthorizationService devices;

  DeviceAuthorizationApiController(DeviceAuthorizationService devices) {
    this.devices = devices;
  }

  @PostMapping
  ResponseEntity<DeviceAuthorization> start(@PathVariable UUID id) {
    DeviceAuthorization started = devices.start(id);
    return ResponseEntity.created(
            URI.create("/api/v1/accounts/" + id + "/device-authorizations/" + started.id()))
        .body(started);
  }

  @GetMapping("/{deviceAuthorizationId}")
  DeviceAuthorization get(@PathVariable UUID id, @PathVariable UUID deviceAuthorizationId) {
    return devices.find(id, deviceAuthorizationId);
  }
}
