package dev.mailgate.wizard;

import dev.mailgate.account.AccountInput;
import dev.mailgate.account.AccountService;
import dev.mailgate.account.EmailAccount;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.oauth.OAuthProvider.ProviderPreset;
import dev.mailgate.oauth.ProfileService;
import dev.mailgate.oauth.ProviderInput;
import dev.mailgate.oauth.ProviderService;
import dev.mailgate.system.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * "Connect a mailbox": a Microsoft 365 or Google provider from its preset, with the preset's
 * profiles, and the mailbox's accounts (IMAP + SMTP, or Microsoft Graph), all through the services
 * the pages and the REST API use, so every check is theirs. A second mailbox of a provider made so
 * needs only its address. Every field is checked before anything is created, so a refusal names all
 * the fields at fault at once and leaves nothing half made.
 */
@Service
class MailboxConnections {

  private static final Pattern ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  private final ProviderService providers;
  private final ProfileService profiles;
  private final AccountService accounts;
  private final WizardProperties properties;

  MailboxConnections(
      ProviderService providers,
      ProfileService profiles,
      AccountService accounts,
      WizardProperties properties) {
    this.providers = providers;
    this.profiles = profiles;
    this.accounts = accounts;
    this.properties = properties;
  }

  /** The account Authorize starts with: the first the wizard made for the mailbox. */
  record Connected(OAuthProvider provider, List<EmailAccount> accounts) {
    EmailAccount toAuthorize() {
      return accounts.getFirst();
    }
  }

  /** The providers of this preset a second mailbox can join. */
  List<OAuthProvider> existing(ProviderPreset preset) {
    return providers.list().stream().filter(p -> p.preset() == preset).toList();
  }

  /** Creates the provider, its profiles and the mailbox's accounts. */
  Connected connect(ProviderPreset preset, WizardInput in) {
    Map<String, String> errors = new LinkedHashMap<>();
    if (preset == ProviderPreset.MICROSOFT_365 && blank(in.tenant())) {
      errors.put(
          "tenant",
          "Enter the tenant: its id (a GUID, Entra ID > Overview) or a verified domain such as"
              + " contoso.onmicrosoft.com.");
    }
    if (blank(in.clientId())) {
      errors.put(
          "clientId",
          preset == ProviderPreset.MICROSOFT_365
              ? "Enter the application (client) id from the app registration's Overview."
              : "Enter the client id of the OAuth client (Google Cloud console > Credentials).");
    }
    if (blank(in.clientSecret())) {
      errors.put(
          "clientSecret",
          "Enter the client secret (its value, shown once when it is made, not its id).");
    }
    checkMailbox(in.mailbox(), errors);
    if (!errors.isEmpty()) {
      throw new WizardRefusedException(errors);
    }
    OAuthProvider provider;
    try {
      provider = providers.create(providerInput(preset, in));
    } catch (InvalidInputException e) {
      if ("name".equals(e.field())) {
        throw new WizardRefusedException(
            Map.of(
                "tenant",
                e.getMessage()
                    + " That is this "
                    + (preset == ProviderPreset.GOOGLE ? "domain" : "tenant")
                    + "'s provider: connect the mailbox under 'Another mailbox' at the top, which"
                    + " needs only its address."));
      }
      throw new WizardRefusedException(Map.of(wizardField(e.field()), e.getMessage()));
    }
    return new Connected(provider, createAccounts(provider, in.mailbox(), in.graph()));
  }

  /** A second mailbox of a provider: its address is all it takes. */
  Connected addMailbox(UUID providerId, String mailbox, boolean graph) {
    OAuthProvider provider = providers.find(providerId);
    Map<String, String> errors = new LinkedHashMap<>();
    checkMailbox(mailbox, errors);
    if (!errors.isEmpty()) {
      throw new WizardRefusedException(errors);
    }
    return new Connected(provider, createAccounts(provider, mailbox, graph));
  }

  private void checkMailbox(String mailbox, Map<String, String> errors) {
    String address = mailbox == null ? "" : mailbox.strip();
    if (address.isEmpty()) {
      errors.put("mailbox", "Enter the mailbox's address, e.g. servicedesk@contoso.com.");
    } else if (!ADDRESS.matcher(address).matches()) {
      errors.put(
          "mailbox",
          "'" + address + "' is not a mailbox address; enter one such as servicedesk@contoso.com.");
    } else {
      List<String> taken = accountNames(address.toLowerCase(Locale.ROOT));
      List<String> existing = accounts.list().stream().map(EmailAccount::name).toList();
      if (taken.stream().anyMatch(existing::contains)) {
        errors.put(
            "mailbox",
            address
                + " is connected already (its accounts are on the Accounts page); authorize it"
                + " there, or enter another mailbox.");
      }
    }
  }

  private List<EmailAccount> createAccounts(OAuthProvider provider, String mailbox, boolean graph) {
    String address = mailbox.strip().toLowerCase(Locale.ROOT);
    boolean useGraph = graph && provider.preset() == ProviderPreset.MICROSOFT_365;
    List<OAuthProfile> made = profiles.list(provider.id());
    if (useGraph) {
      OAuthProfile profile = profile(made, "Graph", provider);
      return List.of(
          accounts.create(account(address + " (Graph)", "GRAPH", address, profile, Server.NONE)));
    }
    OAuthProfile profile =
        profile(
            made, provider.preset() == ProviderPreset.GOOGLE ? "Gmail" : "IMAP + SMTP", provider);
    boolean microsoft = provider.preset() == ProviderPreset.MICROSOFT_365;
    Server imap = microsoft ? Server.of(properties.microsoftImap()) : Server.NONE;
    Server smtp = microsoft ? Server.of(properties.microsoftSmtp()) : Server.NONE;
    return List.of(
        accounts.create(account(address + " (IMAP)", "IMAP", address, profile, imap)),
        accounts.create(account(address + " (SMTP)", "SMTP", address, profile, smtp)));
  }

  private static List<String> accountNames(String address) {
    return List.of(address + " (IMAP)", address + " (SMTP)", address + " (Graph)");
  }

  private static OAuthProfile profile(List<OAuthProfile> made, String name, OAuthProvider p) {
    return made.stream()
        .filter(profile -> profile.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new WizardRefusedException(
                    Map.of(
                        "mailbox",
                        "Provider '"
                            + p.name()
                            + "' has no profile named '"
                            + name
                            + "' any more; add it on the provider's page (its scopes as the"
                            + " preset made them), or connect the mailbox with a new provider.")));
  }

  /** An account's mail server; null parts are the preset's. */
  private record Server(String host, String port, String security) {
    static final Server NONE = new Server(null, null, null);

    static Server of(WizardProperties.Server s) {
      return new Server(s.host(), s.portText(), s.security());
    }
  }

  private static AccountInput account(
      String name, String type, String address, OAuthProfile profile, Server server) {
    return new AccountInput(
        name,
        type,
        address,
        null,
        server.host(),
        server.port(),
        server.security(),
        "OAUTH2",
        null,
        profile.id().toString(),
        null,
        true,
        false,
        null);
  }

  private static ProviderInput providerInput(ProviderPreset preset, WizardInput in) {
    String name =
        preset == ProviderPreset.GOOGLE
            ? (blank(in.tenant()) ? "Google" : "Google " + in.tenant().strip())
            : null; // the Microsoft 365 preset names it after the tenant
    return new ProviderInput(
        name,
        preset.name(),
        preset == ProviderPreset.MICROSOFT_365 ? in.tenant() : null,
        null,
        in.clientId().strip(),
        in.clientSecret().strip(),
        null,
        null,
        null,
        null,
        null,
        null,
        "AUTHORIZATION_CODE",
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** The provider form's fields as the wizard's: a taken name is the tenant's or domain's. */
  private static String wizardField(String field) {
    return switch (field == null ? "" : field) {
      case "clientId", "clientSecret", "tenant" -> field;
      default -> "tenant";
    };
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
