package dev.mailgate.sandbox;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Change notifications for new messages in a folder, as Graph documents them: {@code POST
 * /subscriptions} ({@code changeType} {@code created}, {@code resource} {@code
 * me/mailFolders('inbox')/messages} or {@code users/{id}/mailFolders('inbox')/messages}, {@code
 * expirationDateTime} at most 10,080 minutes ahead, {@code clientState}) is validated by a {@code
 * POST} to {@code notificationUrl?validationToken=...} that must echo the token as {@code
 * text/plain} with 200 within 10 seconds; then each new message of the folder is announced by a
 * {@code POST} of {@code {"value":[{"subscriptionId","clientState","changeType","resource",
 * "resourceData":{...,"id"}}]}} until the subscription expires or is deleted. {@code PATCH} renews,
 * {@code DELETE} ends.
 *
 * <p>Graph requires an https {@code notificationUrl}; the stand-in also takes http on loopback for
 * tests. Graph retries an unanswered notification for up to 4 hours; the stand-in sends each once.
 */
final class GraphSubscriptions implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GraphSubscriptions.class);
  private static final Duration LONGEST = Duration.ofMinutes(10_080);
  private static final Pattern RESOURCE =
      Pattern.compile(
          "/?(me|users/[^/]+)/mailFolders(?:\\('([^']+)'\\)|/([^/]+))/messages",
          Pattern.CASE_INSENSITIVE);

  /** One subscription and the messages of its folder it has seen. */
  private record Subscription(
      String id,
      String mailbox,
      String folder,
      String resource,
      String notificationUrl,
      String clientState,
      String appId,
      Instant expires,
      Set<Long> seen) {

    Subscription renewed(Instant until) {
      return new Subscription(
          id, mailbox, folder, resource, notificationUrl, clientState, appId, until, seen);
    }
  }

  private final SandboxMailServer mail;
  private final Clock clock;
  private final Map<String, GraphIds> ids;
  private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final ScheduledExecutorService watcher =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "sandbox-graph-notifications");
            thread.setDaemon(true);
            return thread;
          });
  private final AtomicInteger sent = new AtomicInteger();

  GraphSubscriptions(SandboxMailServer mail, Clock clock, Map<String, GraphIds> ids) {
    this.mail = mail;
    this.clock = clock;
    this.ids = ids;
    watcher.scheduleWithFixedDelay(this::announce, 200, 200, TimeUnit.MILLISECONDS);
  }

  /** {@code POST /subscriptions}. */
  Map<String, Object> create(GraphCaller caller, Map<String, Object> body) {
    String changeType = String.valueOf(body.get("changeType"));
    if (!List.of(changeType.split(",")).contains("created")) {
      throw GraphError.badRequest(
          "InvalidRequest", "The stand-in notifies of created messages only: changeType created.");
    }
    String resource = String.valueOf(body.get("resource"));
    Matcher m = RESOURCE.matcher(resource);
    if (!m.matches()) {
      throw GraphError.badRequest(
          "InvalidRequest", "Unsupported resource '" + resource + "': a folder's messages.");
    }
    String mailbox;
    if (m.group(1).equalsIgnoreCase("me")) {
      if (!caller.delegated()) {
        throw GraphError.badRequest(
            "BadRequest", "/me request is only valid with delegated authentication flow.");
      }
      mailbox = caller.identity();
    } else {
      mailbox = SandboxGraph.normal(m.group(1).substring("users/".length()));
    }
    if (mail.existingMailbox(mailbox) == null) {
      throw new GraphError(
          404, "ErrorInvalidUser", "The requested user '" + mailbox + "' is invalid.");
    }
    GraphPermission.READ.check(caller, mailbox, mail);
    String folderName = m.group(2) != null ? m.group(2) : m.group(3);
    GraphMailbox box = mailbox(mailbox);
    String folder = box.folder(folderName).getName();
    Instant expires = expiry(body.get("expirationDateTime"));
    String url = notificationUrl(body.get("notificationUrl"));
    Object clientState = body.get("clientState");
    if (clientState != null && String.valueOf(clientState).length() > 255) {
      throw GraphError.badRequest("InvalidRequest", "clientState is at most 255 characters.");
    }
    validate(url);
    Set<Long> seen = ConcurrentHashMap.newKeySet();
    box.messages(box.folder(folder)).forEach(l -> seen.add(l.place().uid()));
    Subscription subscription =
        new Subscription(
            UUID.randomUUID().toString(),
            mailbox,
            folder,
            resource,
            url,
            clientState == null ? null : String.valueOf(clientState),
            caller.appId(),
            expires,
            seen);
    subscriptions.put(subscription.id(), subscription);
    return json(subscription, changeType);
  }

  /** {@code PATCH /subscriptions/{id}} with a new {@code expirationDateTime}. */
  Map<String, Object> renew(String id, Map<String, Object> body) {
    Subscription subscription = live(id);
    Subscription renewed = subscription.renewed(expiry(body.get("expirationDateTime")));
    subscriptions.put(id, renewed);
    return json(renewed, "created");
  }

  Map<String, Object> get(String id) {
    return json(live(id), "created");
  }

  void delete(String id) {
    live(id);
    subscriptions.remove(id);
  }

  /** How many notifications were sent so far. */
  int sent() {
    return sent.get();
  }

  @Override
  public void close() {
    watcher.shutdownNow();
  }

  private Subscription live(String id) {
    Subscription subscription = subscriptions.get(id);
    if (subscription == null || clock.instant().isAfter(subscription.expires())) {
      subscriptions.remove(id);
      throw new GraphError(404, "ResourceNotFound", "The object was not found: subscription " + id);
    }
    return subscription;
  }

  private Instant expiry(Object value) {
    Instant at;
    try {
      at = Instant.parse(String.valueOf(value));
    } catch (DateTimeParseException e) {
      throw GraphError.badRequest("InvalidRequest", "expirationDateTime is required (ISO 8601).");
    }
    Instant now = clock.instant();
    if (!at.isAfter(now)) {
      throw GraphError.badRequest("InvalidRequest", "expirationDateTime is in the past.");
    }
    if (at.isAfter(now.plus(LONGEST))) {
      throw GraphError.badRequest(
          "InvalidRequest", "Subscription expiration can only be 10080 minutes in the future.");
    }
    return at;
  }

  private static String notificationUrl(Object value) {
    URI url;
    try {
      url = URI.create(String.valueOf(value));
    } catch (IllegalArgumentException e) {
      throw GraphError.badRequest("InvalidRequest", "notificationUrl is not a URL.");
    }
    boolean loopback =
        "http".equals(url.getScheme())
            && ("127.0.0.1".equals(url.getHost()) || "localhost".equals(url.getHost()));
    if (!"https".equals(url.getScheme()) && !loopback) {
      throw GraphError.badRequest(
          "InvalidRequest", "The Notification Url must be a valid https url.");
    }
    return url.toString();
  }

  /** The validation request: the endpoint must echo the token, 200 text/plain, in 10 seconds. */
  private void validate(String url) {
    String token =
        "Validation: Testing client application reachability for subscription Request-Id: "
            + UUID.randomUUID();
    String separator = url.contains("?") ? "&" : "?";
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    url
                        + separator
                        + "validationToken="
                        + URLEncoder.encode(token, StandardCharsets.UTF_8)))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "text/plain; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    try {
      HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() == 200 && token.equals(answer.body())) {
        return;
      }
      log.info("a notification URL answered validation with {}", answer.statusCode());
    } catch (IOException e) {
      log.info("a notification URL did not answer validation: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw GraphError.badRequest(
        "InvalidRequest",
        "Subscription validation request failed. Notification endpoint must respond with 200 OK"
            + " to validation request.");
  }

  private void announce() {
    for (Subscription subscription : List.copyOf(subscriptions.values())) {
      try {
        if (clock.instant().isAfter(subscription.expires())) {
          subscriptions.remove(subscription.id());
          continue;
        }
        GraphMailbox box = mailbox(subscription.mailbox());
        Set<Long> now = new HashSet<>();
        for (GraphMailbox.Located located : box.messages(box.folder(subscription.folder()))) {
          now.add(located.place().uid());
          if (subscription.seen().add(located.place().uid())) {
            notify(subscription, box, located);
          }
        }
        subscription.seen().retainAll(now);
      } catch (RuntimeException e) {
        log.warn("cannot announce changes of subscription {}", subscription.id(), e);
      }
    }
  }

  private void notify(Subscription subscription, GraphMailbox box, GraphMailbox.Located located) {
    String id = box.ids().id(located.place(), false);
    String resource = "Users/" + SignInClaims.subjectOf(subscription.mailbox()) + "/Messages/" + id;
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("@odata.type", "#Microsoft.Graph.Message");
    data.put("@odata.id", resource);
    data.put("@odata.etag", "W/\"" + GraphMailbox.changeKey(located.message()) + "\"");
    data.put("id", id);
    Map<String, Object> notification = new LinkedHashMap<>();
    notification.put("subscriptionId", subscription.id());
    notification.put("subscriptionExpirationDateTime", subscription.expires().toString());
    notification.put("changeType", "created");
    notification.put("resource", resource);
    notification.put("resourceData", data);
    if (subscription.clientState() != null) {
      notification.put("clientState", subscription.clientState());
    }
    notification.put("tenantId", SandboxOAuthProvider.ISSUER_ID);
    String body = JSONObjectUtils.toJSONString(Map.of("value", List.of(notification)));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(subscription.notificationUrl()))
            .timeout(Duration.ofSeconds(3))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (answer, failure) -> {
              sent.incrementAndGet();
              if (failure != null || answer.statusCode() / 100 != 2) {
                log.info(
                    "a notification of subscription {} was not taken: {}",
                    subscription.id(),
                    failure != null ? failure.toString() : answer.statusCode());
              }
            });
  }

  private GraphMailbox mailbox(String address) {
    return new GraphMailbox(
        address, mail.existingMailbox(address), mail.folders(), ids(address), clock);
  }

  private GraphIds ids(String address) {
    return ids.computeIfAbsent(address, k -> new GraphIds());
  }

  private static Map<String, Object> json(Subscription s, String changeType) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("@odata.context", "https://graph.microsoft.com/v1.0/$metadata#subscriptions/$entity");
    json.put("id", s.id());
    json.put("resource", s.resource());
    json.put("applicationId", s.appId());
    json.put("changeType", changeType);
    json.put("clientState", s.clientState());
    json.put("notificationUrl", s.notificationUrl());
    json.put("expirationDateTime", s.expires().toString());
    return json;
  }
}
