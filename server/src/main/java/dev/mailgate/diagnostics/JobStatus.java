package dev.mailgate.diagnostics;

import java.time.Instant;
import java.util.List;

/**
 * One background job as db-scheduler's {@code scheduled_tasks} shows it.
 *
 * @param instances scheduled executions (1 for a recurring job; for the inbound readers, the
 *     mailboxes leased)
 * @param runningOn the nodes running an execution now; empty when none runs
 * @param lastSuccess the latest successful run of any execution; null if none is recorded
 * @param lastFailure the latest failed run; the jobs catch their own errors, so a failure here
 *     means the job itself broke
 * @param consecutiveFailures the most failures in a row of any execution
 * @param nextRun the earliest next execution
 */
public record JobStatus(
    String name,
    String description,
    long instances,
    List<String> runningOn,
    Instant lastSuccess,
    Instant lastFailure,
    int consecutiveFailures,
    Instant nextRun) {}
