package dev.mailgate.webhook;

import dev.mailgate.system.RetrySchedule;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook deliveries.
 *
 * @param allowPrivateTargets whether subscriptions may POST to loopback, private (RFC 1918, unique
 *     local), link-local, CGNAT or unspecified addresses. Default false: a subscription must not
 *     turn Mailgate into a way into the internal network (SSRF). Env {@code
 *     MAILGATE_WEBHOOKS_ALLOW_PRIVATE_TARGETS}.
 * @param retryDelays the waits before the 1st, 2nd, ... retry of a delivery that was not answered
 *     with 2xx; the last one repeats. Default 10s, 30s, 1m, 5m, 15m, 30m, 1h.
 * @param giveUpAfter a delivery not accepted this long after its event is given up. Default 24h.
 * @param connectTimeout how long a TCP (and TLS) connection to a receiver may take. Default 5s.
 * @param readTimeout how long a receiver may take to answer. Default 10s.
 * @param sweepInterval how often due retries (and events a node did not hand over before it
 *     stopped) are looked for; new events are delivered at once. Default 10s.
 * @param logRetention finished deliveries and their attempt log are kept this long. Default 30d.
 */
@ConfigurationProperties("mailgate.webhooks")
public record WebhookProperties(
    @DefaultValue("false") boolean allowPrivateTargets,
    @DefaultValue({"10s", "30s", "1m", "5m", "15m", "30m", "1h"}) List<Duration> retryDelays,
    @DefaultValue("24h") Duration giveUpAfter,
    @DefaultValue("5s") Duration connectTimeout,
    @DefaultValue("10s") Duration readTimeout,
    @DefaultValue("10s") Duration sweepInterval,
    @DefaultValue("30d") Duration logRetention) {

  RetrySchedule retrySchedule() {
    return new RetrySchedule(retryDelays, giveUpAfter);
  }

  /** How long a node holds a subscription without renewing: longer than any one attempt. */
  Duration lease() {
    return connectTimeout.plus(readTimeout).plusSeconds(30);
  }
}
