package dev.mailgate.outbound;

import dev.mailgate.system.ApiController;
import dev.mailgate.system.ApiWarnings;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Mail to send over REST: {@code POST /api/v1/messages} queues one (202 Accepted with the outbox
 * entry; the same entry with 200 when an {@code Idempotency-Key} was seen before), {@code POST
 * /api/v1/messages/batch} queues many in one request, and {@code GET /api/v1/outbox/{id}} reports
 * its delivery state; the admin lists, cancels and retries entries under {@code /api/v1/outbox}.
 * The stored content stays in the message feed.
 */
@ApiController
class OutboxApiController {

  private final Outbox outbox;
  private final OutboxAdmin admin;

  OutboxApiController(Outbox outbox, OutboxAdmin admin) {
    this.outbox = outbox;
    this.admin = admin;
  }

  @PostMapping("/api/v1/messages")
  ResponseEntity<OutboxEntry> submit(
      @RequestBody Submission submission,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
    Outbox.Submitted submitted = outbox.submit(submission, idempotencyKey);
    if (submission.subject() == null || submission.subject().isBlank()) {
      // Allowed (a notification may need none), but said (issue 16): the answer carries a warning.
      ApiWarnings.warn(NO_SUBJECT);
    }
    return reply(submitted);
  }

  static final String NO_SUBJECT =
      "subject: the message has no subject; it is sent without one, and some mail servers and"
          + " filters treat such mail as spam";

  private static ResponseEntity<OutboxEntry> reply(Outbox.Submitted submitted) {
    return ResponseEntity.status(submitted.replayed() ? HttpStatus.OK : HttpStatus.ACCEPTED)
        .header("Location", "/api/v1/outbox/" + submitted.entry().id())
        .body(submitted.entry());
  }

  /**
   * A message the application wrote itself, as {@code message/rfc822}: {@code account} chooses the
   * sending account (else its From address does), {@code recipient} (repeatable) replaces the
   * envelope recipients read from To, Cc and Bcc, {@code sendAt} schedules it.
   */
  @PostMapping(path = "/api/v1/messages", consumes = "message/rfc822")
  ResponseEntity<OutboxEntry> submitRaw(
      @RequestBody byte[] raw,
      @RequestParam(required = false) String account,
      @RequestParam(name = "recipient", required = false) List<String> recipients,
      @RequestParam(required = false) String sendAt,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
    return reply(outbox.submitRaw(raw, account, recipients, sendAt, idempotencyKey));
  }

  /** A bulk submission: {@code messages}, each with its own idempotency key. */
  record BatchRequest(List<Outbox.BatchItem> messages) {}

  /**
   * What became of one message of a bulk submission: {@code status} as its single submission would
   * have answered (202 queued, 200 replayed, 4xx refused) with the {@code entry} or the {@code
   * problem}, whose {@code field} is prefixed with the message's place ({@code messages[3].to[0]}).
   */
  record BatchResult(int status, OutboxEntry entry, ProblemDetail problem) {}

  /** The results in the order of the messages, and how many were queued, replayed and refused. */
  record BatchReply(List<BatchResult> results, long queued, long replayed, long refused) {}

  /**
   * Queues up to {@code max-batch} messages in one request and one transaction; answers 200 with
   * each message's result, since some may be refused while others are queued.
   */
  @PostMapping("/api/v1/messages/batch")
  BatchReply submitBatch(@RequestBody BatchRequest request) {
    List<Outbox.BatchOutcome> outcomes = outbox.submitBatch(request.messages());
    List<BatchResult> results = new ArrayList<>();
    for (int i = 0; i < outcomes.size(); i++) {
      Outbox.BatchOutcome outcome = outcomes.get(i);
      if (outcome.refused() != null) {
        ProblemDetail problem = outcome.refused().toProblemDetail();
        Object field =
            problem.getProperties() == null ? null : problem.getProperties().get("field");
        problem.setProperty("field", "messages[" + i + "]" + (field == null ? "" : "." + field));
        results.add(new BatchResult(problem.getStatus(), null, problem));
      } else {
        Outbox.Submitted submitted = outcome.submitted();
        results.add(new BatchResult(submitted.replayed() ? 200 : 202, submitted.entry(), null));
      }
    }
    return new BatchReply(
        results,
        results.stream().filter(r -> r.status() == 202).count(),
        results.stream().filter(r -> r.status() == 200).count(),
        results.stream().filter(r -> r.problem() != null).count());
  }

  @GetMapping("/api/v1/outbox/{id}")
  OutboxEntry one(@PathVariable UUID id) {
    return admin.find(id);
  }

  /** The newest entries (up to 200), optionally of one {@code state} and one {@code account}. */
  @GetMapping("/api/v1/outbox")
  List<OutboxEntry> list(
      @RequestParam(required = false) String state,
      @RequestParam(required = false) String account) {
    return admin.list(OutboxFilter.state(state), OutboxFilter.account(account));
  }

  /** Each state change of the entry, oldest first, with its time and reason. */
  @GetMapping("/api/v1/outbox/{id}/history")
  List<OutboxHistory.Change> history(@PathVariable UUID id) {
    return admin.history(id);
  }

  /** Stops an entry not yet handed over (409 if it is being sent, sent or already stopped). */
  @PostMapping("/api/v1/outbox/{id}/cancel")
  OutboxEntry cancel(@PathVariable UUID id) {
    return admin.cancel(id);
  }

  /** A new time for a scheduled entry: {@code sendAt}, or at once when it is null or past. */
  record Reschedule(String sendAt) {}

  /** Gives a scheduled entry another time (409 if it is not scheduled any more). */
  @PostMapping("/api/v1/outbox/{id}/reschedule")
  OutboxEntry reschedule(@PathVariable UUID id, @RequestBody Reschedule request) {
    return admin.reschedule(id, request.sendAt());
  }

  /** Sends a failed, unknown or held entry again now, with its Message-ID (409 otherwise). */
  @PostMapping("/api/v1/outbox/{id}/retry")
  OutboxEntry retry(@PathVariable UUID id) {
    return admin.retry(id);
  }
}
