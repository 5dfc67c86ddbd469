package dev.mailgate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.testing.JsonApi.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/** Reads outbox entries through the REST API, as an application following its mail would. */
public final class OutboxWatch {

  private static final Duration PATIENCE = Duration.ofSeconds(20);

  private final JsonApi api;

  public OutboxWatch(JsonApi api) {
    this.api = api;
  }

  public Reply get(String id) {
    return api.get("/api/v1/outbox/" + id);
  }

  /** The entry once its state is {@code wanted}; fails after 20 s with the entry as it is. */
  public Reply awaitState(String id, String wanted) throws InterruptedException {
    return await(id, reply -> wanted.equals(reply.text("state")), "state " + wanted);
  }

  /** The entry once {@code condition} holds; fails after 20 s with the entry as it is. */
  public Reply await(String id, Predicate<Reply> condition, String what)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(PATIENCE);
    Reply reply = get(id);
    while (!condition.test(reply) && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
      reply = get(id);
    }
    assertThat(condition.test(reply)).as(what + ": " + reply.json()).isTrue();
    return reply;
  }
}
