package dev.mailgate.webhook;

import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.system.InvalidInputException;
import dev.mailgate.system.NotFoundException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * Creates, changes and removes webhook subscriptions. Every input is checked with a reason naming
 * the field; a secret left empty is generated and handed back once.
 */
@Service
public class Subscriptions {

  static final int MIN_SECRET_LENGTH = 16;
  static final int MAX_SECRET_LENGTH = 500;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final JdbcSubscriptions store;
  private final WebhookTargets targets;
  private final JdbcAccountStore accounts;
  private final Clock clock;

  Subscriptions(
      JdbcSubscriptions store, WebhookTargets targets, JdbcAccountStore accounts, Clock clock) {
    this.store = store;
    this.targets = targets;
    this.accounts = accounts;
    this.clock = clock;
  }

  public List<Subscription> list() {
    return store.list();
  }

  public Subscription find(UUID id) {
    return store.find(id).orElseThrow(() -> new NotFoundException("webhook subscription", id));
  }

  public IssuedSubscription create(SubscriptionInput input) {
    JdbcSubscriptions.Fields fields = check(input);
    String secret = blank(input.secret()) ? generatedSecret() : checkedSecret(input.secret());
    UUID id = UUID.randomUUID();
    store.insert(id, fields, secret, clock.instant());
    return new IssuedSubscription(find(id), secret);
  }

  /** Changes a subscription; its secret only when one is given (then it is returned once). */
  public IssuedSubscription update(UUID id, SubscriptionInput input) {
    find(id);
    JdbcSubscriptions.Fields fields = check(input);
    String secret = blank(input.secret()) ? null : checkedSecret(input.secret());
    if (!store.update(id, fields, secret, clock.instant())) {
      throw new NotFoundException("webhook subscription", id);
    }
    return new IssuedSubscription(find(id), secret);
  }

  public void delete(UUID id) {
    if (!store.delete(id)) {
      throw new NotFoundException("webhook subscription", id);
    }
  }

  private JdbcSubscriptions.Fields check(SubscriptionInput input) {
    String url = targets.check(input.url()).toString();
    List<EventType> events = events(input.events());
    UUID account = account(input.account());
    return new JdbcSubscriptions.Fields(
        url, events, account, input.active() == null || input.active());
  }

  private static List<EventType> events(List<String> names) {
    String known =
        java.util.Arrays.stream(EventType.values())
            .map(EventType::wireName)
            .collect(Collectors.joining(", "));
    if (names == null || names.isEmpty()) {
      throw new InvalidInputException("events", "Choose at least one event: " + known + ".");
    }
    Set<EventType> events = new LinkedHashSet<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i) == null ? "" : names.get(i).strip();
      events.add(
          EventType.fromWireName(name)
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          "events", "Unknown event \"" + name + "\"; the events are " + known)));
    }
    return new ArrayList<>(events);
  }

  private UUID account(String account) {
    if (blank(account)) {
      return null;
    }
    UUID id;
    try {
      id = UUID.fromString(account.strip());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "account", "Give an account's id (a UUID), or leave it empty for every account.");
    }
    if (accounts.find(id).isEmpty()) {
      throw new InvalidInputException(
          "account", "No account with id " + id + " exists; list the accounts to find its id.");
    }
    return id;
  }

  private static String checkedSecret(String secret) {
    String value = secret.strip();
    if (value.length() < MIN_SECRET_LENGTH || value.length() > MAX_SECRET_LENGTH) {
      throw new InvalidInputException(
          "secret",
          "The secret must have "
              + MIN_SECRET_LENGTH
              + " to "
              + MAX_SECRET_LENGTH
              + " characters; leave it empty to have one generated.");
    }
    return value;
  }

  private static String generatedSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
