package dev.mailgate.credential;

import dev.mailgate.credential.CredentialEvent.Kind;
import dev.mailgate.event.EventLog;
import dev.mailgate.event.EventType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Repository;

/**
 * A credential's events, kept in the event log (each kind is an {@link EventType} of the same
 * name): written in the transaction of the change they record.
 */
@Repository
public class CredentialEvents {

  private final EventLog log;

  CredentialEvents(EventLog log) {
    this.log = log;
  }

  void record(UUID credentialId, Kind kind, String detail, Instant at) {
    log.record(EventType.valueOf(kind.name()), null, credentialId, detail, Map.of(), at);
  }

  /** The latest events of a credential, newest first. */
  public List<CredentialEvent> latest(UUID credentialId, int limit) {
    return log.ofCredential(credentialId, limit).stream()
        .map(
            e ->
                new CredentialEvent(
                    e.credentialId(), Kind.valueOf(e.type().name()), e.summary(), e.occurredAt()))
        .toList();
  }
}
