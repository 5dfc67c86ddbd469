package dev.mailgate.sandbox;

import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Graph stand-in's requests, one method each, in the order Graph answers them: the token (401),
 * the mailbox (404), the permission (403), the mailbox's limits and a test's faults (429, 503,
 * refusals), then the request itself.
 */
final class GraphRoutes {

  private static final Logger log = LoggerFactory.getLogger(GraphRoutes.class);
  private static final Pattern MAX_PAGE = Pattern.compile("odata\\.maxpagesize\\s*=\\s*(\\d+)");
  private static final Pattern DISPLAY_NAME_EQ =
      Pattern.compile("displayName\\s+eq\\s+'((?:[^']|'')*)'");

  private final SandboxGraph graph;
  private final SandboxMailServer mail;
  private final GraphDelta delta;
  private final GraphFaults faults;
  private final Clock clock;
  private final Map<String, GraphIds> ids = new ConcurrentHashMap<>();
  private final GraphOutbox outbox;
  private final GraphSubscriptions subscriptions;

  GraphRoutes(
      SandboxGraph graph,
      SandboxMailServer mail,
      GraphDelta delta,
      GraphFaults faults,
      Clock clock) {
    this.graph = graph;
    this.mail = mail;
    this.delta = delta;
    this.faults = faults;
    this.clock = clock;
    this.outbox = new GraphOutbox(graph, mail, clock, ids);
    this.subscriptions = new GraphSubscriptions(mail, clock, ids);
  }

  /** How many change notifications were sent so far. */
  int notificationsSent() {
    return subscriptions.sent();
  }

  void close() {
    subscriptions.close();
  }

  /** {@code PUT} of an upload session's range: no token, the URL is the authorization. */
  void upload(HttpExchange exchange) {
    String path = exchange.getRequestURI().getPath();
    graph.received(exchange.getRequestMethod() + " " + path);
    try {
      if (!exchange.getRequestMethod().equals("PUT")) {
        GraphExchanges.error(
            exchange, new GraphError(405, "ErrorInvalidRequest", "An upload takes PUT."));
        exchange.close();
        return;
      }
      outbox.upload(exchange, path.substring(path.lastIndexOf('/') + 1));
    } catch (IOException e) {
      log.debug("a Graph client went away: {}", e.toString());
    }
  }

  /** One request: a request's parts and where its answer goes. */
  private record Call(
      HttpExchange exchange,
      GraphCaller caller,
      GraphMailbox mailbox,
      String prefix,
      List<String> rest,
      Map<String, String> query) {

    String method() {
      return exchange.getRequestMethod();
    }

    boolean immutableIds() {
      return exchange.getRequestHeaders().getOrDefault("Prefer", List.of()).stream()
          .anyMatch(p -> p.replace(" ", "").contains("IdType=\"ImmutableId\""));
    }

    Integer maxPageSize() {
      String top = query.get("$top");
      if (top != null) {
        return Integer.parseInt(top);
      }
      for (String prefer : exchange.getRequestHeaders().getOrDefault("Prefer", List.of())) {
        Matcher m = MAX_PAGE.matcher(prefer);
        if (m.find()) {
          return Integer.parseInt(m.group(1));
        }
      }
      return null;
    }
  }

  void handle(HttpExchange exchange) {
    String path = exchange.getRequestURI().getRawPath();
    graph.received(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
    try (exchange) {
      try {
        GraphCaller caller =
            GraphCaller.of(exchange.getRequestHeaders().getFirst("Authorization"), mail.verifier());
        List<String> segments = GraphExchanges.segments(path.substring("/v1.0/".length()));
        if (!segments.isEmpty() && segments.get(0).equals("subscriptions")) {
          subscription(exchange, caller, segments);
          return;
        }
        String address;
        int used;
        if (!segments.isEmpty() && segments.get(0).equals("me")) {
          if (!caller.delegated()) {
            throw GraphError.badRequest(
                "BadRequest", "/me request is only valid with delegated authentication flow.");
          }
          address = mail.directory().mailboxOf(caller.identity());
          used = 1;
        } else if (segments.size() >= 2 && segments.get(0).equals("users")) {
          address = SandboxGraph.normal(segments.get(1));
          used = 2;
        } else {
          throw new GraphError(400, "BadRequest", "Resource not found for the segment " + path);
        }
        GreenMailUser user = mail.existingMailbox(address);
        if (user == null) {
          throw new GraphError(
              404, "ErrorInvalidUser", "The requested user '" + address + "' is invalid.");
        }
        boolean within = graph.enter(address);
        GraphExchanges.onAnswer(exchange, () -> graph.leave(address));
        if (!within) {
          throw new GraphError(
              429,
              "ApplicationThrottled",
              "Application is over its MailboxConcurrency limit.",
              Duration.ofSeconds(1));
        }
        faults.check(address);
        GraphMailbox mailbox =
            new GraphMailbox(
                address,
                user,
                mail.folders(),
                ids.computeIfAbsent(address, k -> new GraphIds()),
                clock);
        String prefix = String.join("/", segments.subList(0, used));
        route(
            new Call(
                exchange,
                caller,
                mailbox,
                prefix,
                segments.subList(used, segments.size()),
                GraphExchanges.query(exchange.getRequestURI().getRawQuery())));
      } catch (GraphError e) {
        GraphExchanges.error(exchange, e);
      } catch (RuntimeException e) {
        log.warn("the Graph stand-in failed on {}", path, e);
        GraphExchanges.error(exchange, new GraphError(500, "InternalServerError", e.toString()));
      } finally {
        GraphExchanges.finish(exchange);
      }
    } catch (IOException e) {
      log.debug("a Graph client went away: {}", e.toString());
    }
  }

  private void subscription(HttpExchange exchange, GraphCaller caller, List<String> segments)
      throws IOException {
    String method = exchange.getRequestMethod();
    if (segments.size() == 1 && method.equals("POST")) {
      GraphExchanges.json(
          exchange, 201, subscriptions.create(caller, GraphExchanges.jsonBody(exchange)));
    } else if (segments.size() == 2 && method.equals("GET")) {
      GraphExchanges.json(exchange, 200, subscriptions.get(segments.get(1)));
    } else if (segments.size() == 2 && method.equals("PATCH")) {
      GraphExchanges.json(
          exchange, 200, subscriptions.renew(segments.get(1), GraphExchanges.jsonBody(exchange)));
    } else if (segments.size() == 2 && method.equals("DELETE")) {
      subscriptions.delete(segments.get(1));
      GraphExchanges.headers(exchange, 204, -1);
    } else {
      throw new GraphError(400, "BadRequest", "Unsupported subscription request " + method);
    }
  }

  private void route(Call call) throws IOException {
    List<String> r = call.rest();
    String method = call.method();
    if (r.isEmpty() && method.equals("GET")) {
      user(call);
    } else if (r.equals(List.of("mailFolders")) && method.equals("GET")) {
      listFolders(call);
    } else if (r.equals(List.of("mailFolders")) && method.equals("POST")) {
      createFolder(call);
    } else if (r.size() == 2 && r.get(0).equals("mailFolders") && method.equals("GET")) {
      GraphPermission.READ.check(call.caller(), call.mailbox().address(), mail);
      GraphExchanges.json(
          call.exchange(), 200, call.mailbox().json(call.mailbox().folder(r.get(1))));
    } else if (r.size() == 4
        && r.get(0).equals("mailFolders")
        && r.get(2).equals("messages")
        && r.get(3).equals("delta")
        && method.equals("GET")) {
      delta(call, r.get(1));
    } else if (r.size() == 2 && r.get(0).equals("messages")) {
      message(call, r.get(1));
    } else if (r.size() == 3 && r.get(0).equals("messages") && r.get(2).equals("$value")) {
      GraphPermission.READ.check(call.caller(), call.mailbox().address(), mail);
      byte[] mime = GraphMailbox.mime(call.mailbox().message(r.get(1)).message());
      call.exchange().getResponseHeaders().set("Content-Type", "text/plain");
      GraphExchanges.headers(call.exchange(), 200, mime.length);
      try (OutputStream out = call.exchange().getResponseBody()) {
        out.write(mime);
      }
    } else if (r.size() == 3
        && r.get(0).equals("messages")
        && r.get(2).equals("move")
        && method.equals("POST")) {
      move(call, r.get(1));
    } else if (r.equals(List.of("sendMail")) && method.equals("POST")) {
      GraphPermission.SEND.check(call.caller(), call.mailbox().address(), mail);
      outbox.sendMail(call.exchange(), call.mailbox());
    } else if (r.equals(List.of("messages")) && method.equals("POST")) {
      GraphPermission.WRITE.check(call.caller(), call.mailbox().address(), mail);
      outbox.createDraft(call.exchange(), call.mailbox(), call.immutableIds());
    } else if (r.size() == 4
        && r.get(0).equals("messages")
        && r.get(2).equals("attachments")
        && r.get(3).equals("createUploadSession")
        && method.equals("POST")) {
      GraphPermission.WRITE.check(call.caller(), call.mailbox().address(), mail);
      outbox.createUploadSession(call.exchange(), call.mailbox(), r.get(1));
    } else if (r.size() == 3
        && r.get(0).equals("messages")
        && r.get(2).equals("send")
        && method.equals("POST")) {
      GraphPermission.SEND.check(call.caller(), call.mailbox().address(), mail);
      outbox.sendDraft(call.exchange(), call.mailbox(), r.get(1));
    } else {
      throw new GraphError(
          400,
          "BadRequest",
          "Resource not found for the segment '" + String.join("/", r) + "' (" + method + ").");
    }
  }

  private void user(Call call) throws IOException {
    String address = call.mailbox().address();
    boolean own =
        call.caller().delegated()
            && mail.directory().mailboxOf(call.caller().identity()).equals(address);
    if (!own && call.caller().permissions().isEmpty()) {
      throw GraphError.accessDenied("no permission to read the user " + address);
    }
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("id", SignInClaims.subjectOf(address));
    user.put(
        "displayName",
        address.contains("@") ? address.substring(0, address.indexOf('@')) : address);
    var person =
        call.caller().delegated()
            ? mail.directory().byUpn(call.caller().identity())
            : Optional.<SandboxDirectory.User>empty();
    user.put("mail", person.map(SandboxDirectory.User::mail).orElse(address));
    user.put(
        "userPrincipalName", person.map(SandboxDirectory.User::userPrincipalName).orElse(address));
    user.put(
        "proxyAddresses",
        person.map(SandboxDirectory.User::proxyAddresses).orElse(List.of("SMTP:" + address)));
    GraphExchanges.json(call.exchange(), 200, user);
  }

  private void listFolders(Call call) throws IOException {
    GraphPermission.READ.check(call.caller(), call.mailbox().address(), mail);
    String filter = call.query().get("$filter");
    String name = null;
    if (filter != null) {
      Matcher m = DISPLAY_NAME_EQ.matcher(filter);
      if (!m.matches()) {
        throw GraphError.badRequest(
            "ErrorInvalidUrlQueryFilter", "The stand-in filters on displayName eq '...' only.");
      }
      name = m.group(1).replace("''", "'");
    }
    List<Map<String, Object>> value = new ArrayList<>();
    for (MailFolder folder : call.mailbox().folders()) {
      Map<String, Object> json = call.mailbox().json(folder);
      if (name == null || name.equalsIgnoreCase((String) json.get("displayName"))) {
        value.add(json);
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(
        "@odata.context",
        graph.baseUrl() + "/$metadata#users('" + call.mailbox().address() + "')/mailFolders");
    body.put("value", value);
    GraphExchanges.json(call.exchange(), 200, body);
  }

  private void createFolder(Call call) throws IOException {
    GraphPermission.WRITE.check(call.caller(), call.mailbox().address(), mail);
    Map<String, Object> body = GraphExchanges.jsonBody(call.exchange());
    Object name = body.get("displayName");
    MailFolder folder = call.mailbox().create(name == null ? null : String.valueOf(name));
    GraphExchanges.json(call.exchange(), 201, call.mailbox().json(folder));
  }

  private void delta(Call call, String folderId) throws IOException {
    GraphPermission.READ.check(call.caller(), call.mailbox().address(), mail);
    MailFolder folder = call.mailbox().folder(folderId);
    String skip = call.query().get("$skiptoken");
    String deltaToken = call.query().get("$deltatoken");
    Integer pageSize = call.maxPageSize();
    GraphDelta.Page page =
        skip != null
            ? delta.next(call.mailbox(), skip, pageSize)
            : delta.start(
                call.mailbox(),
                folder,
                deltaToken,
                call.query().get("changeType"),
                call.immutableIds(),
                pageSize);
    String link =
        graph.baseUrl()
            + "/"
            + call.prefix()
            + "/mailFolders/"
            + GraphIds.folderId(folder.getName())
            + "/messages/delta?";
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("@odata.context", graph.baseUrl() + "/$metadata#Collection(message)");
    if (page.nextSkipToken() != null) {
      body.put("@odata.nextLink", link + "$skiptoken=" + page.nextSkipToken());
    } else {
      body.put("@odata.deltaLink", link + "$deltatoken=" + page.deltaToken());
    }
    body.put("value", page.items());
    if (call.immutableIds()) {
      call.exchange().getResponseHeaders().add("Preference-Applied", "IdType=\"ImmutableId\"");
    }
    if (pageSize != null) {
      call.exchange()
          .getResponseHeaders()
          .add("Preference-Applied", "odata.maxpagesize=" + pageSize);
    }
    GraphExchanges.json(call.exchange(), 200, body);
  }

  private void message(Call call, String id) throws IOException {
    GraphMailbox mailbox = call.mailbox();
    switch (call.method()) {
      case "GET" -> {
        GraphPermission.READ.check(call.caller(), mailbox.address(), mail);
        GraphExchanges.json(
            call.exchange(), 200, mailbox.json(mailbox.message(id), call.immutableIds()));
      }
      case "PATCH" -> {
        GraphPermission.WRITE.check(call.caller(), mailbox.address(), mail);
        GraphMailbox.Located located = mailbox.message(id);
        Map<String, Object> body = GraphExchanges.jsonBody(call.exchange());
        if (body.get("isRead") instanceof Boolean read) {
          mailbox.setRead(located, read);
        }
        GraphExchanges.json(
            call.exchange(), 200, mailbox.json(mailbox.message(id), call.immutableIds()));
      }
      case "DELETE" -> {
        GraphPermission.WRITE.check(call.caller(), mailbox.address(), mail);
        GraphMailbox.Located located = mailbox.message(id);
        if (located.place().folder().equals(GraphMailbox.DELETED_ITEMS)) {
          mailbox.remove(located); // Exchange keeps it in Recoverable Items, out of every folder
        } else {
          mailbox.move(located, mailbox.existingOrNew(GraphMailbox.DELETED_ITEMS));
        }
        GraphExchanges.headers(call.exchange(), 204, -1);
      }
      default ->
          throw new GraphError(405, "ErrorInvalidRequest", call.method() + " is not allowed here.");
    }
  }

  private void move(Call call, String id) throws IOException {
    GraphPermission.WRITE.check(call.caller(), call.mailbox().address(), mail);
    Map<String, Object> body = GraphExchanges.jsonBody(call.exchange());
    Object destination = body.get("destinationId");
    if (destination == null) {
      throw GraphError.badRequest("ErrorInvalidRequest", "destinationId is required.");
    }
    GraphMailbox.Located located = call.mailbox().message(id);
    MailFolder to = call.mailbox().folder(String.valueOf(destination));
    GraphMailbox.Located moved = call.mailbox().move(located, to);
    GraphExchanges.json(call.exchange(), 201, call.mailbox().json(moved, call.immutableIds()));
  }
}
