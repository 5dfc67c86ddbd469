package dev.mailgate.diagnostics;

import dev.mailgate.oauth.CredentialExpiry;
import java.time.Instant;
import java.util.List;

/**
 * The answer to "is email working?": every account and every background job.
 *
 * @param healthy every active account is healthy, no job has failed runs and no provider's client
 *     secret or certificate has expired
 * @param expiringCredentials providers' client secrets and certificates that expire within the
 *     warning days or have expired, with what to renew
 */
public record DiagnosticsReport(
    Instant checkedAt,
    boolean healthy,
    List<AccountDiagnosis> accounts,
    List<JobStatus> jobs,
    List<CredentialExpiry> expiringCredentials) {

  /** A report without provider credential expiries. */
  public DiagnosticsReport(
      Instant checkedAt, boolean healthy, List<AccountDiagnosis> accounts, List<JobStatus> jobs) {
    this(checkedAt, healthy, accounts, jobs, List.of());
  }
}
