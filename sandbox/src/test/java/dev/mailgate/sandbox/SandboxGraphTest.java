package dev.mailgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Graph stand-in as a Graph client meets it: tokens checked as Graph checks them, the same
 * mailboxes as SMTP and IMAP, delta rounds with paging and delta links, the message actions,
 * sendMail with MIME, and the faults a test can ask for.
 */
class SandboxGraphTest {

  @RegisterExtension static SandboxExtension sandbox = SandboxExtension.withFreePorts();

  private static final List<String> READ_WRITE =
      List.of(
          "openid",
          "offline_access",
          SandboxScopes.graph("Mail.ReadWrite"),
          SandboxScopes.graph("Mail.Send"));

  private static GraphHttp as(String identity, List<String> scopes) {
    return new GraphHttp(
        sandbox.graph().baseUrl(), sandbox.oauth().signIn(identity, scopes).accessToken());
  }

  private static String raw(String from, String to, String subject) {
    return "From: "
        + from
        + "\r\nTo: "
        + to
        + "\r\nSubject: "
        + subject
        + "\r\nMessage-ID: <"
        + subject.replace(' ', '.')
        + "@example.org>\r\n\r\nHello.\r\n";
  }

  @Test
  void aDelegatedTokenIsForGraphAndNamesTheGrantedPermissionsWithoutTheResource() throws Exception {
    SandboxSignIn.Tokens tokens = sandbox.oauth().signIn(Sandbox.DEMO, READ_WRITE);
    JWTClaimsSet claims = SignedJWT.parse(tokens.accessToken()).getJWTClaimsSet();
    JWTClaimsSet idToken = SignedJWT.parse(tokens.idToken()).getJWTClaimsSet();

    assertThat(claims.getAudience()).contains(SandboxScopes.GRAPH);
    // the ID token stays the client's (mock-oauth2-server gives it the sign-in's claims too)
    assertThat(idToken.getAudience()).contains(SandboxSignIn.CLIENT_ID);
    assertThat(idToken.getStringClaim("azp")).isEqualTo(SandboxSignIn.CLIENT_ID);
    assertThat(claims.getStringClaim("scp"))
        .isEqualTo("openid offline_access Mail.ReadWrite Mail.Send");
  }

  @Test
  void anAppOnlyTokenCarriesTheConsentedApplicationPermissionsAsRoles() throws Exception {
    sandbox.oauth().grantApplicationPermissions("graph-app", List.of("Mail.Read"));

    String token = appOnly("graph-app");

    JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
    assertThat(claims.getAudience()).containsExactly(SandboxScopes.GRAPH);
    assertThat(claims.getStringListClaim("roles")).containsExactly("Mail.Read");
    assertThat(claims.getClaim("scp")).isNull();
  }

  @Test
  void mailDeliveredBySmtpIsReadThroughTheDeltaOfTheInboxAndItsValue() {
    sandbox.mail().deliver(Sandbox.ADELE, raw("x@example.org", Sandbox.ADELE, "delta one"));
    GraphHttp adele = as(Sandbox.ADELE, READ_WRITE).immutableIds();

    HttpResponse<String> round = adele.get("/me/mailFolders/inbox/messages/delta");

    assertThat(round.statusCode()).isEqualTo(200);
    assertThat(GraphHttp.json(round)).containsKey("@odata.deltaLink");
    Map<String, Object> message =
        GraphHttp.value(round).stream()
            .filter(m -> "delta one".equals(m.get("subject")))
            .findFirst()
            .orElseThrow();
    HttpResponse<String> mime = adele.get("/me/messages/" + message.get("id") + "/$value");
    assertThat(mime.statusCode()).isEqualTo(200);
    assertThat(mime.body()).contains("Subject: delta one").contains("Hello.");
  }

  @Test
  void aDeltaRoundIsPagedByNextLinksAndItsDeltaLinkAnswersOnlyWhatCameSince() {
    for (int i = 0; i < 5; i++) {
      sandbox
          .mail()
          .deliver(Sandbox.SERVICEDESK, raw("x@example.org", Sandbox.SERVICEDESK, "page " + i));
    }
    sandbox.oauth().grantApplicationPermissions("pager", List.of("Mail.ReadWrite"));
    GraphHttp app =
        new GraphHttp(sandbox.graph().baseUrl(), appOnly("pager"), "Prefer", "odata.maxpagesize=2");

    String link = "/users/" + Sandbox.SERVICEDESK + "/mailFolders/inbox/messages/delta";
    int pages = 0;
    int messages = 0;
    Map<String, Object> page;
    do {
      page = GraphHttp.json(app.get(link));
      messages += ((List<?>) page.get("value")).size();
      pages++;
      link = (String) page.getOrDefault("@odata.nextLink", page.get("@odata.deltaLink"));
    } while (page.containsKey("@odata.nextLink"));
    assertThat(pages).isGreaterThanOrEqualTo(3);
    assertThat(messages).isGreaterThanOrEqualTo(5);

    sandbox.mail().deliver(Sandbox.SERVICEDESK, raw("x@example.org", Sandbox.SERVICEDESK, "later"));
    List<Map<String, Object>> since = GraphHttp.value(app.get(link));
    assertThat(since).extracting(m -> m.get("subject")).containsExactly("later");
  }

  @Test
  void aMessageMovedAwayIsRemovedFromTheDeltaAndKeepsItsImmutableId() {
    sandbox.mail().deliver(Sandbox.DEMO, raw("x@example.org", Sandbox.DEMO, "to move"));
    GraphHttp demo = as(Sandbox.DEMO, READ_WRITE).immutableIds();
    Map<String, Object> round = GraphHttp.json(demo.get("/me/mailFolders/inbox/messages/delta"));
    String id = idOf(round, "to move");
    String folder =
        (String)
            GraphHttp.json(demo.postJson("/me/mailFolders", "{\"displayName\":\"Done\"}"))
                .get("id");

    HttpResponse<String> moved =
        demo.postJson("/me/messages/" + id + "/move", "{\"destinationId\":\"" + folder + "\"}");

    assertThat(moved.statusCode()).isEqualTo(201);
    assertThat(GraphHttp.json(moved).get("id")).isEqualTo(id);
    assertThat(sandbox.mail().folder(Sandbox.DEMO, "Done"))
        .extracting(m -> subject(m))
        .contains("to move");
    List<Map<String, Object>> since =
        GraphHttp.value(demo.get((String) round.get("@odata.deltaLink")));
    assertThat(since)
        .anySatisfy(
            m -> {
              assertThat(m.get("id")).isEqualTo(id);
              assertThat(m).containsKey("@removed");
            });
  }

  @Test
  void markingReadAndDeletingChangeTheMailboxImapSees() {
    sandbox.mail().deliver(Sandbox.DEMO, raw("x@example.org", Sandbox.DEMO, "read me"));
    sandbox.mail().deliver(Sandbox.DEMO, raw("x@example.org", Sandbox.DEMO, "delete me"));
    GraphHttp demo = as(Sandbox.DEMO, READ_WRITE);
    Map<String, Object> round = GraphHttp.json(demo.get("/me/mailFolders/inbox/messages/delta"));

    HttpResponse<String> read =
        demo.patchJson("/me/messages/" + idOf(round, "read me"), "{\"isRead\":true}");
    HttpResponse<String> deleted = demo.delete("/me/messages/" + idOf(round, "delete me"));

    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(GraphHttp.json(read).get("isRead")).isEqualTo(true);
    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(sandbox.mail().inbox(Sandbox.DEMO))
        .extracting(m -> subject(m))
        .doesNotContain("delete me");
    assertThat(sandbox.mail().folder(Sandbox.DEMO, "Deleted Items"))
        .extracting(m -> subject(m))
        .contains("delete me");
  }

  @Test
  void sendMailWithMimeIsAcceptedAndDeliveredToTheSandboxMailboxes() {
    GraphHttp adele = as(Sandbox.ADELE, READ_WRITE);
    String mime = raw(Sandbox.ADELE, Sandbox.SERVICEDESK, "sent through graph");

    HttpResponse<String> sent = adele.post("/me/sendMail", "text/plain", base64(mime));

    assertThat(sent.statusCode()).isEqualTo(202);
    assertThat(sandbox.mail().inbox(Sandbox.SERVICEDESK))
        .extracting(m -> subject(m))
        .contains("sent through graph");
    assertThat(sandbox.mail().folder(Sandbox.ADELE, "Sent Items"))
        .extracting(m -> subject(m))
        .contains("sent through graph");
  }

  @Test
  void sendMailFromAnotherAddressIsSendAsDenied() {
    HttpResponse<String> sent =
        as(Sandbox.ADELE, READ_WRITE)
            .post(
                "/me/sendMail",
                "text/plain",
                base64(raw(Sandbox.DEMO, Sandbox.SERVICEDESK, "forged")));

    assertThat(sent.statusCode()).isEqualTo(403);
    assertThat(GraphHttp.errorCode(sent)).isEqualTo("ErrorSendAsDenied");
  }

  @Test
  void aRequestOverFourMegabytesIsTooLarge() {
    String big = raw(Sandbox.ADELE, Sandbox.SERVICEDESK, "big") + "x".repeat(3_200_000);

    HttpResponse<String> sent =
        as(Sandbox.ADELE, READ_WRITE).post("/me/sendMail", "text/plain", base64(big));

    assertThat(sent.statusCode()).isEqualTo(413);
    assertThat(GraphHttp.errorCode(sent)).isEqualTo("RequestEntityTooLarge");
  }

  @Test
  void malformedBase64IsRefusedWithGraphsCode() {
    HttpResponse<String> sent =
        as(Sandbox.ADELE, READ_WRITE).post("/me/sendMail", "text/plain", "From: not base64!");

    assertThat(sent.statusCode()).isEqualTo(400);
    assertThat(GraphHttp.errorCode(sent)).isEqualTo("ErrorMimeContentInvalidBase64String");
  }

  @Test
  void tokensAreCheckedAsGraphChecksThem() {
    String base = sandbox.graph().baseUrl();
    HttpResponse<String> none = new GraphHttp(base, null).get("/me/mailFolders");
    HttpResponse<String> imapToken =
        as(Sandbox.DEMO, SandboxScopes.IMAP_AND_SMTP).get("/me/mailFolders");
    HttpResponse<String> readOnly =
        as(Sandbox.DEMO, List.of("openid", SandboxScopes.graph("Mail.Read")))
            .post("/me/sendMail", "text/plain", base64(raw(Sandbox.DEMO, Sandbox.ADELE, "no")));
    HttpResponse<String> othersMailbox =
        as(Sandbox.DEMO, READ_WRITE).get("/users/" + Sandbox.ADELE + "/mailFolders");

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(GraphHttp.errorCode(none)).isEqualTo("InvalidAuthenticationToken");
    assertThat(imapToken.statusCode()).isEqualTo(401);
    assertThat(imapToken.body()).contains("Invalid audience");
    assertThat(readOnly.statusCode()).isEqualTo(403);
    assertThat(GraphHttp.errorCode(readOnly)).isEqualTo("ErrorAccessDenied");
    assertThat(othersMailbox.statusCode()).isEqualTo(403);
  }

  @Test
  void aSharedMailboxOpensToADelegateWithTheSharedPermissionAndTheGrant() {
    sandbox.mail().grantAccess(Sandbox.SERVICEDESK, Sandbox.ADELE);
    GraphHttp shared =
        as(Sandbox.ADELE, List.of("openid", SandboxScopes.graph("Mail.ReadWrite.Shared")));

    HttpResponse<String> folders =
        shared.get("/users/" + Sandbox.SERVICEDESK + "/mailFolders/inbox");

    assertThat(folders.statusCode()).isEqualTo(200);
    assertThat(GraphHttp.json(folders).get("displayName")).isEqualTo("Inbox");
  }

  @Test
  void anAppOnlyTokenWithoutRolesIsDeniedAndMeIsForDelegatedTokensOnly() {
    GraphHttp noRoles = new GraphHttp(sandbox.graph().baseUrl(), appOnly("unconsented"));

    HttpResponse<String> users = noRoles.get("/users/" + Sandbox.DEMO + "/mailFolders");
    HttpResponse<String> me = noRoles.get("/me/mailFolders");

    assertThat(users.statusCode()).isEqualTo(403);
    assertThat(me.statusCode()).isEqualTo(400);
  }

  @Test
  void aTestCanThrottleWithRetryAfterExpireDeltaLinksAndRefuseAMailbox() {
    GraphHttp demo = as(Sandbox.DEMO, READ_WRITE);
    String deltaLink =
        (String)
            GraphHttp.json(demo.get("/me/mailFolders/inbox/messages/delta"))
                .get("@odata.deltaLink");

    sandbox.graph().throttle(1, 429, Duration.ofSeconds(7));
    HttpResponse<String> throttled = demo.get("/me/mailFolders");
    HttpResponse<String> after = demo.get("/me/mailFolders");
    sandbox.graph().forgetDeltaStates();
    HttpResponse<String> gone = demo.get(deltaLink);
    sandbox
        .graph()
        .refuse(
            Sandbox.DEMO,
            403,
            "MailboxNotEnabledForRESTAPI",
            "REST API is not yet supported for this mailbox.");
    HttpResponse<String> refused = demo.get("/me/mailFolders");
    sandbox.graph().accept(Sandbox.DEMO);

    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("Retry-After")).contains("7");
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(gone.statusCode()).isEqualTo(410);
    assertThat(GraphHttp.errorCode(gone)).isEqualTo("SyncStateNotFound");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(GraphHttp.errorCode(refused)).isEqualTo("MailboxNotEnabledForRESTAPI");
  }

  @Test
  void fourRequestsAtATimeStayWithinTheMailboxLimitRequestAfterRequest() throws Exception {
    GraphHttp demo = as(Sandbox.DEMO, READ_WRITE);
    java.util.concurrent.ExecutorService four =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      statuses.add(four.submit(() -> demo.get("/me/mailFolders/inbox").statusCode()));
    }
    four.shutdown();

    for (java.util.concurrent.Future<Integer> status : statuses) {
      assertThat(status.get()).isEqualTo(200);
    }
    assertThat(sandbox.graph().peakConcurrency(Sandbox.DEMO)).isLessThanOrEqualTo(4);
  }

  private static String appOnly(String clientId) {
    var response =
        ProviderHttp.postForm(
            sandbox.oauth().tokenUrl(),
            Map.of(
                "grant_type",
                "client_credentials",
                "client_id",
                clientId,
                "client_secret",
                "secret",
                "scope",
                SandboxScopes.GRAPH_DEFAULT));
    return (String) GraphHttp.json(response).get("access_token");
  }

  @SuppressWarnings("unchecked")
  private static String idOf(Map<String, Object> round, String subject) {
    return (String)
        ((List<Map<String, Object>>) round.get("value"))
            .stream()
                .filter(m -> subject.equals(m.get("subject")))
                .findFirst()
                .orElseThrow()
                .get("id");
  }

  private static String subject(jakarta.mail.internet.MimeMessage message) {
    try {
      return message.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new AssertionError(e);
    }
  }

  private static String base64(String mime) {
    return Base64.getEncoder().encodeToString(mime.getBytes(StandardCharsets.UTF_8));
  }
}
