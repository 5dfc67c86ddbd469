package dev.mailgate.system.scheduler;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The cluster-safe job scheduler (db-scheduler): jobs are claimed through the database, so with
 * several nodes on one PostgreSQL each due job runs on exactly one of them.
 *
 * @param threads worker threads for jobs on this node. Default {@value #DEFAULT_THREADS}.
 * @param pollingInterval how often the database is asked for due jobs. Default 5s.
 * @param heartbeatInterval how often a running job's claim is renewed; a claim not renewed for four
 *     intervals is taken over by another node. Default 30s.
 */
@ConfigurationProperties("mailgate.scheduler")
public record SchedulerProperties(
    @DefaultValue("" + DEFAULT_THREADS) int threads,
    @DefaultValue("5s") Duration pollingInterval,
    @DefaultValue("30s") Duration heartbeatInterval) {

  public static final int DEFAULT_THREADS = 4;
}
