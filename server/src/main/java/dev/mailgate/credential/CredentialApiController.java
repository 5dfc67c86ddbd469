package dev.mailgate.credential;

import dev.mailgate.system.ApiController;
import dev.mailgate.system.NotFoundException;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/** Token status by REST: every credential's tokens at a glance, its events, "Refresh now". */
@ApiController
@RequestMapping("/api/v1/credentials")
class CredentialApiController {

  private static final int EVENTS_SHOWN = 50;

  private final CredentialStatuses statuses;
  private final CredentialEvents events;
  private final AccessTokens tokens;
  private final TokenInspection inspection;

  CredentialApiController(
      CredentialStatuses statuses,
      CredentialEvents events,
      AccessTokens tokens,
      TokenInspection inspection) {
    this.statuses = statuses;
    this.events = events;
    this.tokens = tokens;
    this.inspection = inspection;
  }

  /**
   * What the tokens hold (audience, tenant, scopes or roles, identity claims, times, refresh token
   * age) and the warnings that follow; never the tokens themselves.
   */
  @GetMapping("/{id}/contents")
  TokenContents contents(@PathVariable UUID id) {
    return inspection.inspect(id);
  }

  @GetMapping
  List<CredentialStatus> list() {
    return statuses.list();
  }

  @GetMapping("/{id}")
  CredentialStatus one(@PathVariable UUID id) {
    return statuses.find(id).orElseThrow(() -> new NotFoundException("credential", id));
  }

  @GetMapping("/{id}/events")
  List<CredentialEvent> events(@PathVariable UUID id) {
    one(id);
    return events.latest(id, EVENTS_SHOWN);
  }

  /** Refreshes now; a refusal or outage comes back as ProblemDetail (409 or 503). */
  @PostMapping("/{id}/refresh")
  CredentialStatus refresh(@PathVariable UUID id) {
    one(id);
    tokens.refreshNow(id);
    return one(id);
  }
}
