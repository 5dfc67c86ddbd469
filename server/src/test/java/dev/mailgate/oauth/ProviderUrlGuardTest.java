package dev.mailgate.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import dev.mailgate.security.outboundurl.HostResolver;
import dev.mailgate.security.outboundurl.OutboundUrlGuard;
import dev.mailgate.security.outboundurl.OutboundUrlProperties;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.StaticJsonServer;
import dev.mailgate.testing.TestDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Provider URLs pass the outbound-URL guard: the internal addresses the security review entered are
 * refused when saved, discovery follows no redirect, and the Nimbus calls connect to the address
 * the guard checked.
 */
class ProviderUrlGuardTest {

  @TempDir static Path dataDir;
  private static RunningMailgate mailgate;
  private static JsonApi api;

  @BeforeAll
  static void start() {
    mailgate =
        RunningMailgate.start(
            dataDir,
            TestDatabase.h2(dataDir),
            Map.of("mailgate.outbound-urls.allow-private", "false"));
    api = new JsonApi(mailgate);
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://10.255.255.1/token",
        "https://169.254.169.254/token",
        "https://198.18.0.1/token",
        "https://[::127.0.0.1]/token",
        "https://[64:ff9b::7f00:1]/token"
      })
  void anInternalTokenUrlIsRefusedNamingTheField(String url) {
    Map<String, String> fields = ProviderCases.valid();
    fields.put("tokenUrl", url);

    Reply refused = api.post("/api/v1/providers", fields);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text("field")).isEqualTo("tokenUrl");
    assertThat(refused.text("detail")).contains("not a public internet address");
  }

  @Test
  void anInternalRevocationUrlIsRefusedOnUpdateToo() {
    Map<String, String> fields = ProviderCases.valid();
    String id = JsonApi.id(api.post("/api/v1/providers", fields));
    fields.put("revocationUrl", "https://169.254.169.254/revoke");

    Reply refused = api.put("/api/v1/providers/" + id, fields);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text("field")).isEqualTo("revocationUrl");
  }

  @Test
  void aLoopbackIssuerIsRefusedForDiscovery() {
    Reply refused =
        api.post(
            "/api/v1/providers",
            JsonApi.body(
                "preset",
                "OPENID",
                "issuer",
                "http://127.0.0.1:1/",
                "clientId",
                "c",
                "clientSecret",
                "s"));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text("field")).isEqualTo("issuer");
    assertThat(refused.text("detail")).contains("https only");
  }

  @Test
  void discoveryFollowsNoRedirect() {
    try (StaticJsonServer server = new StaticJsonServer()) {
      String issuer = server.url() + "/tenant";
      server.redirect(
          "/tenant/.well-known/openid-configuration", server.url() + "/elsewhere/metadata");
      server.serve("/elsewhere/metadata", MetadataDocuments.openId(issuer, issuer, ""));
      server.redirect(
          "/.well-known/oauth-authorization-server/tenant", server.url() + "/elsewhere/metadata");
      ProviderDiscovery discovery = new ProviderDiscovery(OAuthTesting.http());

      assertThatThrownBy(() -> discovery.discover(issuer))
          .isInstanceOf(DiscoveryFailedException.class)
          .hasMessageContaining("redirects elsewhere");
      assertThat(server.received())
          .extracting(StaticJsonServer.Received::path)
          .doesNotContain("/elsewhere/metadata");
    }
  }

  @Test
  void theJwksOfIdTokenChecksIsFetchedThroughTheGuardWithoutRedirects() throws Exception {
    GuardedJwksRetriever guarded =
        new GuardedJwksRetriever(
            OAuthTesting.http(
                new OutboundUrlGuard(new OutboundUrlProperties(false), HostResolver.system())));
    GuardedJwksRetriever open = new GuardedJwksRetriever(OAuthTesting.http());
    try (StaticJsonServer server = new StaticJsonServer()) {
      server.serve("/jwks", "{\"keys\":[]}");
      server.redirect("/moved", server.url() + "/jwks");

      assertThatThrownBy(() -> guarded.retrieveResource(URI.create(server.url() + "/jwks").toURL()))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("https only");
      assertThat(open.retrieveResource(URI.create(server.url() + "/jwks").toURL()).getContent())
          .isEqualTo("{\"keys\":[]}");
      assertThatThrownBy(() -> open.retrieveResource(URI.create(server.url() + "/moved").toURL()))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("HTTP 302");
    }
  }

  @Test
  void aProviderCallConnectsToTheAddressTheGuardChecked() throws Exception {
    AtomicInteger lookups = new AtomicInteger();
    HostResolver rebinding =
        host ->
            new InetAddress[] {
              InetAddress.getByName(lookups.getAndIncrement() == 0 ? "127.0.0.1" : "127.0.0.2")
            };
    ProviderHttp http =
        OAuthTesting.http(new OutboundUrlGuard(new OutboundUrlProperties(true), rebinding));
    try (ServerSocket listener = new ServerSocket()) {
      listener.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      CompletableFuture<String> accepted =
          CompletableFuture.supplyAsync(
              () -> {
                try (Socket socket = listener.accept()) {
                  return socket.getLocalAddress().getHostAddress();
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });

      try {
        http.send(
            new HTTPRequest(
                HTTPRequest.Method.GET,
                URI.create("https://rebind.invalid:" + listener.getLocalPort() + "/token")));
      } catch (IOException expected) {
        // the listener speaks no TLS: only where the connection went matters here
      }

      assertThat(accepted.get(5, TimeUnit.SECONDS)).isEqualTo("127.0.0.1");
      assertThat(lookups.get()).isEqualTo(1);
    }
  }
}
