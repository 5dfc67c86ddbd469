package dev.mailgate.diagnostics;

import java.time.Instant;
import java.util.List;

/**
 * The answer to "is email working?": every account and every background job.
 *
 * @param healthy every active account is healthy and no job has failed runs
 */
public record DiagnosticsReport(
    Instant checkedAt, boolean healthy, List<AccountDiagnosis> accounts, List<JobStatus> jobs) {}
