package dev.mailgate.outbound;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Outbound metrics (at {@code /actuator/prometheus}): {@code mailgate_outbox_queued_total}, {@code
 * mailgate_outbox_sent_total}, {@code mailgate_outbox_retried_total} (a temporary failure with a
 * retry scheduled), {@code mailgate_outbox_failed_total} (5xx or given up), and {@code
 * mailgate_outbox_send_latency_seconds}, from submission to the server's acceptance.
 */
@Component
class OutboxMetrics {

  private final Counter queued;
  private final Counter sent;
  private final Counter retried;
  private final Counter failed;
  private final Timer latency;

  OutboxMetrics(MeterRegistry registry) {
    queued = counter(registry, "mailgate.outbox.queued", "Messages queued to send");
    sent = counter(registry, "mailgate.outbox.sent", "Messages accepted by the SMTP server");
    retried =
        counter(registry, "mailgate.outbox.retried", "Temporary failures with a retry scheduled");
    failed = counter(registry, "mailgate.outbox.failed", "Messages that failed for good");
    latency =
        Timer.builder("mailgate.outbox.send.latency")
            .description("Time from submission to acceptance by the SMTP server")
            .register(registry);
  }

  private static Counter counter(MeterRegistry registry, String name, String description) {
    return Counter.builder(name).description(description).register(registry);
  }

  void queued() {
    queued.increment();
  }

  void sent(Duration sinceSubmission) {
    sent.increment();
    latency.record(sinceSubmission.isNegative() ? Duration.ZERO : sinceSubmission);
  }

  void retried() {
    retried.increment();
  }

  void failed() {
    failed.increment();
  }
}
