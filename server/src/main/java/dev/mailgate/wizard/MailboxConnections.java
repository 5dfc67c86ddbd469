package dev.mailgate.wizard;

import dev.mailgate.account.AccountInput;
import dev.mailgate.account.AccountService;
import dev.mailgate.account.EmailAccount;
import dev.mailgate.oauth.ClientCertificate;
import dev.mailgate.oauth.ClientCertificates;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.oauth.OAuthProvider.ProviderPreset;
import dev.mailgate.oauth.OAuthProvider.TokenAuthMethod;
import dev.mailgate.oauth.ProfileService;
import dev.mailgate.oauth.ProviderInput;
import dev.mailgate.oauth.ProviderService;
import dev.mailgate.system.InvalidInputException;
import dev.mailgate.system.NotFoundException;
import dev.mailgate.wizard.WizardInput.ClientAuth;
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
 * the fields at fault at once and leaves nothing half made. A Microsoft 365 app may prove itself
 * with a certificate instead of a secret ({@code private_key_jwt}, ADR 0029): generated here (the
 * admin uploads it to the app registration before signing in) or read from a PKCS#12 file.
 */
@Service
class MailboxConnections {

  private static final Pattern ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  private final ProviderService providers;
  private final ProfileService profiles;
  private final AccountService accounts;
  private final WizardProperties properties;
  private final ClientCertificates certificates;

  MailboxConnections(
      ProviderService providers,
      ProfileService profiles,
      AccountService accounts,
      WizardProperties properties,
      ClientCertificates certificates) {
    this.providers = providers;
    this.profiles = profiles;
    this.accounts = accounts;
    this.properties = properties;
    this.certificates = certificates;
  }

  /**
   * What the wizard made. Authorize starts with the first account it made for the mailbox; {@code
   * certificateToUpload} is the certificate it generated, which the app registration must know
   * before anyone can sign in (null when there is none to upload).
   */
  record Connected(
      OAuthProvider provider, List<EmailAccount> accounts, ClientCertificate certificateToUpload) {
    Connected(OAuthProvider provider, List<EmailAccount> accounts) {
      this(provider, accounts, null);
    }

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
    checkClientAuth(preset, in, errors);
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
    ClientCertificate generated = null;
    if (in.clientAuth() == ClientAuth.GENERATED_CERTIFICATE) {
      generated = certificates.generate(provider);
    } else if (in.clientAuth() == ClientAuth.IMPORTED_CERTIFICATE) {
      certificates.importPkcs12(provider.id(), in.certificateFile(), password(in));
    }
    return new Connected(provider, createAccounts(provider, in.mailbox(), in.graph()), generated);
  }

  /** The certificate of a provider, as the page that asks to upload it shows it. */
  ClientCertificate certificate(UUID providerId) {
    return certificates
        .find(providerId)
        .orElseThrow(() -> new NotFoundException("certificate", providerId));
  }

  private void checkClientAuth(ProviderPreset preset, WizardInput in, Map<String, String> errors) {
    if (in.clientAuth().certificate() && preset != ProviderPreset.MICROSOFT_365) {
      // Google's OAuth clients for web applications authenticate with their secret only
      errors.put(
          "clientSecret",
          "Google's OAuth clients sign in with their client secret only: enter the secret.");
      return;
    }
    switch (in.clientAuth()) {
      case SECRET -> {
        if (blank(in.clientSecret())) {
          errors.put(
              "clientSecret",
              "Enter the client secret (its value, shown once when it is made, not its id)"
                  + (preset == ProviderPreset.MICROSOFT_365 ? ", or choose a certificate." : "."));
        }
      }
      case IMPORTED_CERTIFICATE -> {
        try {
          certificates.checkPkcs12(in.certificateFile(), password(in));
        } catch (InvalidInputException e) {
          errors.put("certificateFile", e.getMessage());
        }
      }
      case GENERATED_CERTIFICATE -> {
        // nothing to enter: Mailgate makes it after the provider
      }
    }
  }

  private static char[] password(WizardInput in) {
    return in.certificatePassword() == null ? new char[0] : in.certificatePassword().toCharArray();
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
    Server imap = Server.of(microsoft ? properties.microsoftImap() : properties.googleImap());
    Server smtp = Server.of(microsoft ? properties.microsoftSmtp() : properties.googleSmtp());
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
    boolean certificate = in.clientAuth().certificate();
    return new ProviderInput(
        name,
        preset.name(),
        preset == ProviderPreset.MICROSOFT_365 ? in.tenant() : null,
        null,
        in.clientId().strip(),
        certificate ? null : in.clientSecret().strip(),
        null,
        null,
        null,
        null,
        null,
        certificate ? TokenAuthMethod.PRIVATE_KEY_JWT.name() : null,
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
