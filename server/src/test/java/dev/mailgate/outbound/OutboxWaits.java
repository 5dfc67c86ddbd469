package dev.mailgate.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.JsonApi.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/** Waits, over REST, for an outbox entry to reach a state the sender moves it to. */
final class OutboxWaits {

  private OutboxWaits() {}

  /** The entry once its state is {@code wanted}; fails after 20 seconds with the entry. */
  static Reply awaitState(JsonApi api, String id, Predicate<String> wanted) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    Reply reply = api.get("/api/v1/outbox/" + id);
    while (!wanted.test(reply.text("state")) && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
      reply = api.get("/api/v1/outbox/" + id);
    }
    assertThat(reply.text("state")).as(reply.json().toString()).matches(wanted);
    return reply;
  }
}
