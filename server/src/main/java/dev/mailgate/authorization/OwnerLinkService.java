package dev.mailgate.authorization;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.event.EventLog;
import dev.mailgate.event.EventType;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.security.OwnerLinkAccess;
import dev.mailgate.system.MailgateProperties;
import dev.mailgate.system.NotFoundException;
import jakarta.servlet.http.HttpSession;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;

/**
 * The mailbox owner's authorization link: an admin or an application makes a one-time, expiring
 * link for one account; its owner opens it in their own browser without a Mailgate login, sees who
 * asks and for which mailbox, and signs in at the provider ({@code login_hint} set) through the
 * same Authorize flow and identity check. The token is random, shown once, stored as its SHA-256,
 * and used once (at "Continue"); it can authorize only its account.
 */
@Service
public class OwnerLinkService {

  /** A link just made: its URL carries the token, which is not stored. */
  public record CreatedLink(OwnerLink link, URI url) {}

  /** What the owner's page shows, or why the link cannot be used. */
  record OwnerPage(
      OwnerLink link,
      String organisation,
      String accountName,
      String mailbox,
      String providerName,
      String refusal) {}

  private final JdbcOwnerLinks links;
  private final AccountAuthorization accounts;
  private final AuthorizationService authorizations;
  private final JdbcAccountStore accountStore;
  private final JdbcProviderStore providers;
  private final AuthorizationProperties properties;
  private final MailgateProperties mailgate;
  private final EventLog events;
  private final Clock clock;

  OwnerLinkService(
      JdbcOwnerLinks links,
      AccountAuthorization accounts,
      AuthorizationService authorizations,
      JdbcAccountStore accountStore,
      JdbcProviderStore providers,
      AuthorizationProperties properties,
      MailgateProperties mailgate,
      EventLog events,
      Clock clock) {
    this.links = links;
    this.accounts = accounts;
    this.authorizations = authorizations;
    this.accountStore = accountStore;
    this.providers = providers;
    this.properties = properties;
    this.mailgate = mailgate;
    this.events = events;
    this.clock = clock;
  }

  /**
   * Makes a link for this account.
   *
   * @throws dev.mailgate.system.InvalidInputException the account is not one a person authorizes
   */
  public CreatedLink create(UUID accountId) {
    accounts.target(accountId);
    String token = SessionBinding.random();
    OwnerLink link =
        links.create(
            accountId, token, actor(), clock.instant().plus(properties.ownerLinkLifetime()));
    String base = mailgate.publicBaseUrl().toString().replaceAll("/+$", "");
    return new CreatedLink(link, URI.create(base + OwnerLinkAccess.PATH + token));
  }

  /** The account's links, newest first (who made them, when, who authorized). */
  public List<OwnerLink> of(UUID accountId) {
    accountStore.find(accountId).orElseThrow(() -> new NotFoundException("account", accountId));
    return links.ofAccount(accountId);
  }

  OwnerPage page(String token) {
    Optional<OwnerLink> found = links.byToken(token);
    if (found.isEmpty()) {
      return refused(null, "This link is not known to Mailgate. Ask for a new one.");
    }
    OwnerLink link = found.get();
    if (link.usedAt() != null) {
      return refused(link, "This link was used already; each link works once. Ask for a new one.");
    }
    if (!clock.instant().isBefore(link.expiresAt())) {
      return refused(link, "This link has expired. Ask for a new one.");
    }
    Optional<EmailAccount> account = accountStore.find(link.accountId());
    if (account.isEmpty()) {
      return refused(link, "The mailbox this link was for no longer exists in Mailgate.");
    }
    AuthorizationTarget target = accounts.target(link.accountId());
    String provider = providers.find(target.providerId()).map(OAuthProvider::name).orElse("");
    return new OwnerPage(
        link,
        properties.askingOrganisation(),
        account.get().name(),
        target.expectedIdentity(),
        provider,
        null);
  }

  /**
   * Uses the link and starts Authorize in the owner's browser session.
   *
   * @return the provider URL, or empty when the link cannot be used (the page says why)
   */
  Optional<URI> start(String token, HttpSession session) {
    OwnerPage page = page(token);
    if (page.refusal() != null || !links.use(page.link().id())) {
      return Optional.empty();
    }
    session.setAttribute(OwnerLinkAccess.SESSION_ATTRIBUTE, page.link().id().toString());
    return Optional.of(
        authorizations.start(accounts.target(page.link().accountId()), SessionBinding.of(session)));
  }

  /** The owner's callback ended: the link keeps who authorized; the event tells the admin. */
  void finished(UUID linkId, AuthorizationOutcome outcome) {
    OwnerLink link = links.find(linkId).orElseThrow();
    links.finish(linkId, "AUTHORIZED", outcome.identity());
    events.record(
        EventType.AUTHORIZED,
        outcome.accountId(),
        outcome.credential().id(),
        outcome.identity()
            + " authorized the account through an owner link made by "
            + link.createdBy(),
        Map.of(
            "ownerLink", linkId.toString(), "identity", outcome.identity(), "flow", "owner-link"));
  }

  void refused(UUID linkId, AuthorizationFailedException failure) {
    links.finish(linkId, "REFUSED", null);
  }

  private OwnerPage refused(OwnerLink link, String why) {
    return new OwnerPage(link, properties.askingOrganisation(), null, null, null, why);
  }

  private static String actor() {
    Authentication who = SecurityContextHolder.getContext().getAuthentication();
    if (who == null || who instanceof AnonymousAuthenticationToken) {
      return "system";
    }
    String name = who.getName();
    return name.startsWith("api-token:") ? name : "admin:" + name;
  }
}
