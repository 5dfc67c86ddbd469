package dev.mailgate.oauth;

import dev.mailgate.event.EventLog;
import dev.mailgate.event.EventType;
import dev.mailgate.oauth.OAuthProvider.GrantType;
import dev.mailgate.oauth.OAuthProvider.ProviderPreset;
import dev.mailgate.system.EnumInput;
import dev.mailgate.system.InvalidInputException;
import dev.mailgate.system.MailgateProperties;
import dev.mailgate.system.NotFoundException;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Application Registry: providers created from a preset or field by field, changed, tested and
 * deleted, with the same checks whether the admin uses the UI or the REST API.
 */
@Service
public class ProviderService {

  private final JdbcProviderStore providers;
  private final ProviderRules rules;
  private final ProviderPresets presets;
  private final ProviderCheck check;
  private final ProfileUsers users;
  private final ApplicationEventPublisher publisher;
  private final MailgateProperties properties;
  private final TransactionTemplate transaction;
  private final EventLog events;
  private final ProviderClient client;

  ProviderService(
      JdbcProviderStore providers,
      ProviderRules rules,
      ProviderPresets presets,
      ProviderCheck check,
      ProfileUsers users,
      ApplicationEventPublisher publisher,
      MailgateProperties properties,
      PlatformTransactionManager transactions,
      EventLog events,
      ProviderClient client) {
    this.providers = providers;
    this.rules = rules;
    this.presets = presets;
    this.check = check;
    this.users = users;
    this.publisher = publisher;
    this.properties = properties;
    this.transaction = new TransactionTemplate(transactions);
    this.events = events;
    this.client = client;
  }

  public List<OAuthProvider> list() {
    return providers.list();
  }

  public OAuthProvider find(UUID id) {
    return providers.find(id).orElseThrow(() -> new NotFoundException("provider", id));
  }

  /**
   * Creates a provider; a preset fills in its endpoints and creates its profiles too. Discovery
   * talks to the provider before the transaction starts, so no database connection waits on it.
   */
  public OAuthProvider create(ProviderInput in) {
    ProviderRules.refusePkceOff(in);
    ProviderPreset preset =
        EnumInput.parse(
            ProviderPreset.class, "preset", in.preset(), ProviderPreset.CUSTOM, "preset");
    PresetDraft draft =
        preset == ProviderPreset.CUSTOM
            ? new PresetDraft(rules.fromInput(in, preset, null), List.of())
            : presets.fill(preset, in);
    NewProvider checked = rules.check(draft.provider(), null, false);
    SecretExpiryInput secretExpiry = SecretExpiryInput.parse(in.clientSecretExpiresOn());
    try {
      return transaction.execute(
          status -> {
            OAuthProvider created = providers.create(checked);
            secretExpiry.applyTo(providers, created.id());
            draft.profiles().forEach(p -> providers.addProfile(created.id(), p.name(), p.scopes()));
            events.record(
                EventType.PROVIDER_CREATED,
                null,
                null,
                "Provider '" + created.name() + "' created",
                Map.of("provider", created.id().toString(), "preset", preset.name()));
            return created;
          });
    } catch (DuplicateKeyException e) {
      throw nameTaken(checked);
    }
  }

  /**
   * Replaces a provider's settings. Its preset stays what it was; an empty client secret keeps the
   * stored one, and choices left out keep their stored values, unless an URL the secret or the
   * tokens are sent to changes: then the secret must come with the change (see {@link
   * SecretDestinations}), and the move is an event of its own naming who made it.
   */
  @Transactional
  public OAuthProvider update(UUID id, ProviderInput in) {
    OAuthProvider existing = find(id);
    NewProvider changed =
        rules.check(
            rules.fromInput(in, existing.preset(), existing), id, existing.hasClientSecret());
    List<SecretDestinations.Move> moved =
        SecretDestinations.moved(
            SecretDestinations.Endpoints.of(existing), SecretDestinations.Endpoints.of(changed));
    SecretExpiryInput secretExpiry = SecretExpiryInput.parse(in.clientSecretExpiresOn());
    // A client assertion is signed for its audience and lives a minute: moving the endpoints
    // sends no reusable secret anywhere, so only secret-based methods need the secret again.
    if (!moved.isEmpty()
        && changed.clientSecret() == null
        && changed.tokenAuthMethod().usesSecret()) {
      throw new InvalidInputException(
          "clientSecret",
          "The "
              + moved.getFirst().label()
              + " changed: enter the client secret again. A stored secret is sent only to the"
              + " addresses it was entered for, so changing where it goes takes the secret too.");
    }
    try {
      providers.update(id, changed);
    } catch (DuplicateKeyException e) {
      throw nameTaken(changed);
    }
    secretExpiry.applyTo(providers, id);
    OAuthProvider updated = find(id);
    events.record(
        EventType.PROVIDER_UPDATED,
        null,
        null,
        "Provider '" + updated.name() + "' changed",
        Map.of("provider", id.toString()));
    if (!moved.isEmpty()) {
      events.record(
          EventType.PROVIDER_ENDPOINTS_CHANGED,
          null,
          null,
          "Provider '"
              + updated.name()
              + "' now sends its client secret and tokens to a changed "
              + String.join(", ", moved.stream().map(SecretDestinations.Move::label).toList())
              + ", by "
              + EventLog.currentActor(),
          Map.of(
              "provider",
              id.toString(),
              "changed",
              moved.stream()
                  .map(m -> Map.of("field", m.field(), "from", text(m.from()), "to", text(m.to())))
                  .toList()));
    }
    return updated;
  }

  /**
   * Deletes a provider with its profiles and the tokens granted at it.
   *
   * @throws InUseException naming the accounts that still sign in through it
   */
  @Transactional
  public void delete(UUID id) {
    OAuthProvider provider = find(id);
    List<String> accounts = users.accountsUsingProvider(id);
    if (!accounts.isEmpty()) {
      throw new InUseException("Provider '" + provider.name() + "'", accounts);
    }
    publisher.publishEvent(new ProviderDeleting(id));
    providers.delete(id);
    events.record(
        EventType.PROVIDER_DELETED,
        null,
        null,
        "Provider '" + provider.name() + "' deleted with its tokens",
        Map.of("provider", id.toString()));
  }

  /** Tests the provider's endpoints, its discovery document and, for app-only, a token. */
  public ProviderCheckReport check(UUID id) {
    OAuthProvider provider = find(id);
    List<String> appOnlyScopes =
        provider.grantType() == GrantType.CLIENT_CREDENTIALS
            ? providers.profiles(id).stream()
                .min(Comparator.comparing((OAuthProfile p) -> !p.name().equals("App-only")))
                .map(OAuthProfile::scopes)
                .orElse(List.of())
            : List.of();
    return ProviderCheckReport.of(
        id, provider.name(), check.run(client.registration(provider), appOnlyScopes));
  }

  private static String text(String url) {
    return url == null ? "" : url;
  }

  /** The redirect URL to register at every provider. */
  public URI redirectUri() {
    return properties.oauthRedirectUri();
  }

  /** The same refusal the rules give, for two admins who chose the same name at once. */
  private static InvalidInputException nameTaken(NewProvider provider) {
    return new InvalidInputException(
        "name", "A provider named '" + provider.name() + "' exists already; choose another name.");
  }
}
