package dev.mailgate.outbound;

import dev.mailgate.system.MailgateException;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;

/** An admin action does not apply to an outbox entry in its current state (409 Conflict). */
public class OutboxStateException extends MailgateException {

  private final UUID id;
  private final OutboxState state;

  OutboxStateException(UUID id, OutboxState state, String action, String allowed) {
    super(
        "Outbox entry "
            + id
            + " is "
            + state
            + "; only an entry that is "
            + allowed
            + " can be "
            + action
            + ". Reload it to see its state.");
    this.id = id;
    this.state = state;
  }

  @Override
  public HttpStatus status() {
    return HttpStatus.CONFLICT;
  }

  @Override
  public String title() {
    return "Not possible in this state";
  }

  @Override
  public Map<String, Object> properties() {
    return Map.of("id", id.toString(), "state", state.name());
  }
}
