package dev.mailgate.diagnostics;

import dev.mailgate.account.AccountService;
import dev.mailgate.account.AccountState;
import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.EmailAccount.AccountType;
import dev.mailgate.account.EmailAccount.AuthMethod;
import dev.mailgate.account.MailboxSignIns;
import dev.mailgate.account.SignInFailure;
import dev.mailgate.credential.CredentialStatus;
import dev.mailgate.credential.CredentialStatuses;
import dev.mailgate.diagnostics.AccountDiagnosis.Reading;
import dev.mailgate.diagnostics.Problem.Source;
import dev.mailgate.inbound.JdbcReaderStates;
import dev.mailgate.inbound.ReaderState;
import dev.mailgate.mail.explain.Explanation;
import dev.mailgate.mail.explain.Explanations;
import dev.mailgate.mail.explain.Explanations.SignIn;
import dev.mailgate.mail.explain.Refusals;
import dev.mailgate.oauth.CredentialExpiries;
import dev.mailgate.oauth.CredentialExpiry;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.outbound.AccountQueue;
import dev.mailgate.outbound.AccountQueues;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * Puts together what each feature knows of an account (its state, its tokens, its reader, its
 * queue) and the jobs' state into one answer, with every error decoded by the explanations table.
 * Reads only: asking never touches a mail server or a provider.
 */
@Service
public class Diagnostics {

  private final AccountService accounts;
  private final MailboxSignIns signIns;
  private final JdbcProviderStore providers;
  private final CredentialStatuses credentials;
  private final JdbcReaderStates readers;
  private final AccountQueues queues;
  private final JobStatuses jobs;
  private final CredentialExpiries expiries;
  private final Clock clock;

  Diagnostics(
      AccountService accounts,
      MailboxSignIns signIns,
      JdbcProviderStore providers,
      CredentialStatuses credentials,
      JdbcReaderStates readers,
      AccountQueues queues,
      JobStatuses jobs,
      CredentialExpiries expiries,
      Clock clock) {
    this.accounts = accounts;
    this.signIns = signIns;
    this.providers = providers;
    this.credentials = credentials;
    this.readers = readers;
    this.queues = queues;
    this.jobs = jobs;
    this.expiries = expiries;
    this.clock = clock;
  }

  public DiagnosticsReport report() {
    Map<UUID, AccountState> states = accounts.states();
    Map<UUID, SignInFailure> signInFailures = signIns.failures();
    Map<String, CredentialStatus> tokens = tokensByKey();
    List<AccountDiagnosis> diagnoses =
        accounts.list().stream()
            .map(a -> diagnose(a, states.get(a.id()), tokens, signInFailures))
            .toList();
    List<JobStatus> jobList = jobs.list();
    List<CredentialExpiry> expiring = expiries.warnings();
    boolean healthy =
        diagnoses.stream().allMatch(d -> !d.active() || d.healthy())
            && jobList.stream().allMatch(j -> j.consecutiveFailures() == 0)
            && expiring.stream().noneMatch(CredentialExpiry::expired);
    return new DiagnosticsReport(clock.instant(), healthy, diagnoses, jobList, expiring);
  }

  public AccountDiagnosis account(UUID id) {
    EmailAccount account = accounts.find(id);
    return diagnose(
        account,
        accounts.state(id),
        tokensByKey(),
        signIns.failure(id).map(f -> Map.of(id, f)).orElse(Map.of()));
  }

  private AccountDiagnosis diagnose(
      EmailAccount account,
      AccountState state,
      Map<String, CredentialStatus> tokens,
      Map<UUID, SignInFailure> signInFailures) {
    CredentialStatus token = token(account, tokens);
    ReaderState reader =
        account.type() == AccountType.SMTP ? null : readers.find(account.id()).orElse(null);
    AccountQueue queue = account.type() == AccountType.SMTP ? queues.of(account.id()) : null;
    List<Problem> problems = new ArrayList<>();
    if (account.active()) {
      problems.addAll(
          problems(account, state, token, reader, queue, signInFailures.get(account.id())));
    }
    return new AccountDiagnosis(
        account.id(),
        account.name(),
        account.type().name(),
        account.address(),
        account.host() + ":" + account.port(),
        account.active(),
        state,
        account.active() && problems.isEmpty(),
        problems.isEmpty() ? null : problems.getFirst(),
        problems,
        token,
        account.type() == AccountType.SMTP ? null : reading(reader, state),
        queue);
  }

  private static List<Problem> problems(
      EmailAccount account,
      AccountState state,
      CredentialStatus token,
      ReaderState reader,
      AccountQueue queue,
      SignInFailure signInFailure) {
    List<Problem> problems = new ArrayList<>();
    SignIn signIn = account.signIn();
    switch (state.kind()) {
      case NO_PASSWORD, NOT_AUTHORIZED ->
          problems.add(new Problem(Source.ACCOUNT, state.words(), null, null));
      case NEEDS_REAUTHORIZATION -> {
        String reason =
            token != null && token.stateReason() != null ? token.stateReason() : state.words();
        problems.add(
            new Problem(
                Source.AUTHORIZATION,
                reason,
                token == null ? null : token.lastRefreshAt(),
                Explanations.explain(reason).orElse(null)));
      }
      default -> {}
    }
    if (token != null
        && state.kind() != AccountState.Kind.NEEDS_REAUTHORIZATION
        && token.consecutiveFailures() > 0
        && token.lastFailure() != null) {
      problems.add(
          new Problem(
              Source.TOKEN_REFRESH,
              token.lastFailure(),
              null,
              Explanations.explain(token.lastFailure()).orElse(null)));
    }
    boolean readerFails =
        reader != null
            && reader.detail() != null
            && (reader.status() == ReaderState.Status.FAILING
                || (reader.status() == ReaderState.Status.NEEDS_REAUTHORIZATION
                    && state.kind() != AccountState.Kind.NEEDS_REAUTHORIZATION));
    if (readerFails) {
      problems.add(
          new Problem(
              Source.READER,
              reader.detail(),
              reader.lastReadAt(),
              explain(reader.detail(), signIn, signInFailure)));
    }
    if (queue != null && queue.lastFailure() != null) {
      problems.add(
          new Problem(
              Source.SENDER,
              queue.lastFailure(),
              queue.lastFailureAt(),
              explain(queue.lastFailure(), signIn, signInFailure)));
    }
    // shown on its own only where neither the reader's nor the sender's error already says it
    boolean shown =
        signInFailure == null
            || problems.stream()
                .anyMatch(
                    p ->
                        (p.source() == Source.READER || p.source() == Source.SENDER)
                            && p.reply().contains(signInFailure.reply()));
    if (!shown) {
      problems.add(
          new Problem(
              Source.SIGN_IN,
              signInFailure.reply(),
              signInFailure.lastFailedAt(),
              signInFailure.explanation()));
    }
    return problems;
  }

  /** A reader's or sender's error: the sign-in refusal's explanation when it is that one. */
  private static Explanation explain(String reply, SignIn signIn, SignInFailure signInFailure) {
    if (signInFailure != null && reply.contains(signInFailure.reply())) {
      return signInFailure.explanation();
    }
    return Refusals.explain(reply, signIn).orElse(null);
  }

  /**
   * The reader as it stands: a reader whose last pass worked but whose account cannot sign in now
   * (deauthorized, needing re-authorization, disabled) is {@code NOT_READING}, not {@code READING}:
   * it stops at its next pass, so the page does not say "reading (IDLE)" beside "needs attention"
   * (issue 16).
   */
  private static Reading reading(ReaderState reader, AccountState state) {
    if (reader == null) {
      return new Reading(
          state.ready() ? "NOT_READ_YET" : "NOT_READING", null, null, 0, null, null, null);
    }
    boolean stopped = reader.status() == ReaderState.Status.READING && !state.ready();
    return new Reading(
        stopped ? "NOT_READING" : reader.status().name(),
        reader.status() == ReaderState.Status.READING ? reader.lastReadAt() : null,
        reader.lastReadAt(),
        reader.failures(),
        reader.nextAttemptAt(),
        reader.mode() == null || stopped ? null : reader.mode().name(),
        reader.lastIdleEventAt());
  }

  /** The tokens of the account's (provider, authorizing identity), as account states find them. */
  private CredentialStatus token(EmailAccount account, Map<String, CredentialStatus> tokens) {
    if (account.authMethod() != AuthMethod.OAUTH2 || account.profileId() == null) {
      return null;
    }
    return providers
        .profile(account.profileId())
        .map(OAuthProfile::providerId)
        .map(provider -> tokens.get(key(provider, account.authorizingIdentity())))
        .orElse(null);
  }

  private Map<String, CredentialStatus> tokensByKey() {
    return credentials.list().stream()
        .collect(
            Collectors.toMap(
                c -> key(c.providerId(), c.identity()), Function.identity(), (a, b) -> a));
  }

  private static String key(UUID providerId, String identity) {
    return providerId + "|" + identity.toLowerCase(Locale.ROOT);
  }
}
