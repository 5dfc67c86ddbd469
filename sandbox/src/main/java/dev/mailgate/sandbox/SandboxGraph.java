package dev.mailgate.sandbox;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for Microsoft Graph's mail API (v1.0) on the sandbox's own mailboxes: mail delivered
 * over SMTP is read through Graph, mail sent through Graph arrives in the mailboxes IMAP and POP3
 * read. Written from Microsoft's documented requests and answers; it checks each bearer token as
 * Graph does ({@link GraphCaller}, {@link GraphPermission}) and keeps Exchange Online's limits: 4
 * concurrent requests per mailbox ({@code 429 ApplicationThrottled} beyond), 4 MB per request
 * ({@code 413}).
 *
 * <p>Served under {@link #baseUrl()}, for {@code /me} (delegated) and {@code /users/{address}}: the
 * user, {@code mailFolders} (list, by id or well-known name, create), {@code
 * mailFolders/{id}/messages/delta}, {@code messages/{id}} (GET, PATCH {@code isRead}, DELETE: to
 * Deleted Items), {@code messages/{id}/$value}, {@code messages/{id}/move}, {@code sendMail} with
 * MIME, drafts from MIME ({@code POST messages}), {@code attachments/createUploadSession} and the
 * {@code PUT}s of its ranges, {@code messages/{id}/send}. {@code subscriptions} for new messages of
 * a folder ({@link GraphSubscriptions}). Not served: JSON messages, {@code $select} (every answer
 * has the same fields), {@code $filter} beyond {@code displayName eq}.
 *
 * <p>A test can make it answer 429 or 503 with {@code Retry-After} ({@link #throttle}), 410 on
 * every delta link handed out so far ({@link #forgetDeltaStates}), or any refusal for a mailbox
 * ({@link #refuse}, e.g. 403 {@code MailboxNotEnabledForRESTAPI}).
 */
public final class SandboxGraph implements AutoCloseable {

  /** Graph's limit on a request's size; a larger body gets {@code 413}. */
  public static final int REQUEST_LIMIT = 4 * 1024 * 1024;

  /** Exchange Online's limit on concurrent requests to one mailbox. */
  public static final int MAILBOX_CONCURRENCY = 4;

  private final HttpServer server;
  private final ExecutorService threads;
  private final GraphRoutes routes;
  private final GraphFaults faults;
  private final GraphDelta delta = new GraphDelta();
  private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  private final Map<String, Integer> peaks = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> sendAs = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();

  /**
   * @param port on 127.0.0.1, 0 for a free one
   */
  SandboxGraph(int port, SandboxMailServer mail, Clock clock) {
    try {
      server =
          HttpServer.create(
              new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), 50);
    } catch (IOException e) {
      throw new SandboxException("The Graph stand-in cannot listen on 127.0.0.1:" + port, e);
    }
    faults = new GraphFaults(clock);
    AtomicInteger count = new AtomicInteger();
    threads =
        Executors.newFixedThreadPool(
            16,
            r -> {
              Thread thread = new Thread(r, "sandbox-graph-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    routes = new GraphRoutes(this, mail, delta, faults, clock);
    server.createContext("/v1.0/", routes::handle);
    server.createContext("/upload/", routes::upload);
    server.setExecutor(threads);
    server.start();
  }

  /** For example {@code http://127.0.0.1:8091/v1.0}: what a client uses instead of Graph's. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/v1.0";
  }

  /** Where an upload session's ranges go: pre-authenticated, as Graph's {@code uploadUrl}s are. */
  String uploadUrl(String token) {
    return "http://127.0.0.1:" + port() + "/upload/" + token;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * The next {@code requests} requests (of any mailbox) are answered {@code status} (429, 503 or
   * 504) with {@code Retry-After} in whole seconds (none if null), as Graph throttles.
   */
  public void throttle(int requests, int status, Duration retryAfter) {
    faults.throttle(requests, status, retryAfter, false);
  }

  /** As {@link #throttle}, with {@code Retry-After} as an HTTP date that far ahead. */
  public void throttleUntil(int requests, int status, Duration retryAfter) {
    faults.throttle(requests, status, retryAfter, true);
  }

  /**
   * Forgets every delta and skip token handed out so far, as Exchange drops old ones from its
   * cache: each one's next use answers {@code 410 Gone} with {@code SyncStateNotFound}.
   */
  public void forgetDeltaStates() {
    delta.forgetStates();
  }

  /**
   * Answers every request for this mailbox with this error until {@link #accept}: e.g. 403 {@code
   * ErrorAccessDenied} (no application access policy), 403 {@code MailboxNotEnabledForRESTAPI}.
   */
  public void refuse(String mailbox, int status, String code, String message) {
    faults.refuse(normal(mailbox), new GraphError(status, code, message));
  }

  /** Serves this mailbox again. */
  public void accept(String mailbox) {
    faults.accept(normal(mailbox));
  }

  /**
   * Lets {@code mailbox} send with {@code from} in the {@code From:} header (Exchange's "Send As");
   * without it, a message from another address is refused with {@code 403 ErrorSendAsDenied}.
   */
  public void grantSendAs(String from, String mailbox) {
    sendAs.computeIfAbsent(normal(from), k -> ConcurrentHashMap.newKeySet()).add(normal(mailbox));
  }

  /** Every request so far as {@code "METHOD /v1.0/path"}, oldest first. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  /** The most requests to this mailbox that were in progress at once. */
  public int peakConcurrency(String mailbox) {
    return peaks.getOrDefault(normal(mailbox), 0);
  }

  /** How many change notifications it has sent so far (each new message of a subscribed folder). */
  public int notificationsSent() {
    return routes.notificationsSent();
  }

  @Override
  public void close() {
    routes.close();
    server.stop(0);
    threads.shutdownNow();
  }

  boolean maySendAs(String from, String mailbox) {
    return from.equals(mailbox) || sendAs.getOrDefault(from, Set.of()).contains(mailbox);
  }

  void received(String request) {
    requests.add(request);
  }

  /**
   * Counts a request to a mailbox as in progress.
   *
   * @return false when that makes more than {@link #MAILBOX_CONCURRENCY}
   */
  boolean enter(String mailbox) {
    int now = inFlight.computeIfAbsent(mailbox, k -> new AtomicInteger()).incrementAndGet();
    peaks.merge(mailbox, now, Math::max);
    return now <= MAILBOX_CONCURRENCY;
  }

  void leave(String mailbox) {
    inFlight.get(mailbox).decrementAndGet();
  }

  static String normal(String address) {
    return address.strip().toLowerCase(Locale.ROOT);
  }
}
