package dev.mailgate.outbound.listener;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.EmailAccount.AccountType;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.system.InvalidInputException;
import dev.mailgate.system.NotFoundException;
import dev.mailgate.system.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * The applications that may submit through the SMTP listener. Mailgate generates each one's
 * password (24 random bytes), shows it once and keeps only its SHA-256: like an API token it has
 * far too much entropy for a slow hash to add anything, and every SMTP session checks one.
 */
@Service
public class SmtpClients {

  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@+-]{1,200}");

  private final JdbcSmtpClients clients;
  private final JdbcAccountStore accounts;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  SmtpClients(JdbcSmtpClients clients, JdbcAccountStore accounts, Clock clock) {
    this.clients = clients;
    this.accounts = accounts;
    this.clock = clock;
  }

  public IssuedSmtpClient create(String username, String account) {
    String name = username == null ? "" : username.strip();
    if (!USERNAME.matcher(name).matches()) {
      throw new InvalidInputException(
          "username",
          "Give a user name of letters, digits and . _ @ + - (at most 200), e.g. 'service-desk'.");
    }
    EmailAccount sender = smtpAccount(account);
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    SmtpClient client = new SmtpClient(UUID.randomUUID(), name, sender.id(), clock.instant(), null);
    try {
      clients.insert(client, Sha256.hex(password));
    } catch (DuplicateKeyException e) {
      throw new InvalidInputException(
          "username", "A client named '" + name + "' exists; choose another user name.");
    }
    return new IssuedSmtpClient(client, password);
  }

  public List<SmtpClient> list() {
    return clients.list();
  }

  public void delete(UUID id) {
    if (!clients.delete(id)) {
      throw new NotFoundException("SMTP client", id);
    }
  }

  /** The client that signs in with this user name and password, if the password is right. */
  Optional<SmtpClient> signIn(String username, String password) {
    Optional<String> stored = clients.passwordHash(username);
    if (stored.isEmpty()
        || password == null
        || !MessageDigest.isEqual(
            stored.get().getBytes(StandardCharsets.US_ASCII),
            Sha256.hex(password).getBytes(StandardCharsets.US_ASCII))) {
      return Optional.empty();
    }
    Optional<SmtpClient> client = clients.findByUsername(username);
    client.ifPresent(c -> clients.used(c.id(), clock.instant()));
    return client;
  }

  Optional<SmtpClient> byUsername(String username) {
    return clients.findByUsername(username);
  }

  private EmailAccount smtpAccount(String id) {
    UUID uuid;
    try {
      uuid = UUID.fromString(id == null ? "" : id.strip());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "account", "Choose the SMTP account this client's mail goes out through (its id).");
    }
    EmailAccount account =
        accounts
            .find(uuid)
            .orElseThrow(
                () ->
                    new InvalidInputException("account", "No account with id " + id + " exists."));
    if (account.type() != AccountType.SMTP) {
      throw new InvalidInputException(
          "account", "Account " + account.name() + " is " + account.type() + ", not SMTP.");
    }
    return account;
  }
}
