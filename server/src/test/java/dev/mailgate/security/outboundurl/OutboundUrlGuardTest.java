package dev.mailgate.security.outboundurl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one guard on configured outbound URLs: every non-public address form the security review
 * tried, https only, one lookup whose answer the connection uses (a resolver that changes its
 * answer cannot steer it elsewhere), the same refusal whatever answers behind the address.
 */
class OutboundUrlGuardTest {

  private final OutboundUrlGuard guarded =
      new OutboundUrlGuard(new OutboundUrlProperties(false), HostResolver.system());

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://10.255.255.1/token",
        "https://169.254.169.254/token",
        "https://127.0.0.1/token",
        "https://0.0.0.0/token",
        "https://172.16.0.1/token",
        "https://192.168.1.1/token",
        "https://100.64.0.1/token", // CGNAT
        "https://198.18.0.1/token", // benchmark
        "https://198.19.255.255/token",
        "https://[::1]/token",
        "https://[fe80::1]/token",
        "https://[fd00::1]/token", // unique local
        "https://[::ffff:127.0.0.1]/token", // IPv4-mapped
        "https://[::ffff:a9fe:a9fe]/token",
        "https://[::127.0.0.1]/token", // IPv4-compatible
        "https://[::10.0.0.1]/token",
        "https://[64:ff9b::7f00:1]/token", // NAT64 of 127.0.0.1
        "https://[64:ff9b::a9fe:a9fe]/token"
      })
  void everyNonPublicAddressFormIsRefusedWhenSavedAndWhenCalled(String url) {
    URI uri = URI.create(url);

    assertThatThrownBy(() -> guarded.checkConfigured(uri))
        .isInstanceOf(OutboundUrlRefusedException.class)
        .hasMessageContaining("not a public internet address");
    assertThatThrownBy(() -> guarded.resolve(uri)).isInstanceOf(OutboundUrlRefusedException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://93.184.215.14/token",
        "https://[2606:4700::6810:84e5]/token",
        "https://[64:ff9b::5db8:d70e]/token" // NAT64 of a public address
      })
  void aPublicAddressPasses(String url) {
    assertThat(guarded.resolve(URI.create(url)).address()).isNotNull();
  }

  @Test
  void plainHttpIsRefusedEvenForAPublicHost() {
    assertThatThrownBy(() -> guarded.checkConfigured(URI.create("http://93.184.215.14/token")))
        .hasMessageContaining("https only");
  }

  @Test
  void plainHttpOnLoopbackNeedsTheGuardOff() {
    OutboundUrlGuard open =
        new OutboundUrlGuard(new OutboundUrlProperties(true), HostResolver.system());
    URI loopback = URI.create("http://127.0.0.1:8080/token");

    assertThatThrownBy(() -> guarded.checkConfigured(loopback)).hasMessageContaining("https only");
    assertThat(open.resolve(loopback).address().isLoopbackAddress()).isTrue();
    assertThatThrownBy(() -> open.checkConfigured(URI.create("http://10.0.0.1/token")))
        .hasMessageContaining("https only");
  }

  @Test
  void aNameResolvingToAPrivateAddressGetsTheSameRefusalAsOneThatDoesNotResolve() {
    OutboundUrlGuard guard =
        new OutboundUrlGuard(
            new OutboundUrlProperties(false),
            host -> {
              if (host.equals("internal.example")) {
                return new InetAddress[] {InetAddress.getByName("10.1.2.3")};
              }
              throw new UnknownHostException(host);
            });

    String internal = refusal(guard, "https://internal.example/token");
    String unknown = refusal(guard, "https://nowhere.example/token");

    assertThat(internal.replace("internal.example", "HOST"))
        .isEqualTo(unknown.replace("nowhere.example", "HOST"));
    assertThat(internal).doesNotContain("10.1.2.3");
  }

  @Test
  void aNameWithOnePrivateAmongItsAddressesIsRefused() {
    OutboundUrlGuard guard =
        new OutboundUrlGuard(
            new OutboundUrlProperties(false),
            host ->
                new InetAddress[] {
                  InetAddress.getByName("93.184.215.14"), InetAddress.getByName("127.0.0.1")
                });

    assertThatThrownBy(() -> guard.resolve(URI.create("https://mixed.example/")))
        .isInstanceOf(OutboundUrlRefusedException.class);
  }

  @Test
  void theConnectionGoesToTheCheckedAddressThoughTheResolverChangesItsAnswer() throws Exception {
    AtomicInteger lookups = new AtomicInteger();
    // First answer: where the listener is; any later answer: an address nothing listens on.
    HostResolver rebinding =
        host ->
            new InetAddress[] {
              InetAddress.getByName(lookups.getAndIncrement() == 0 ? "127.0.0.1" : "127.0.0.2")
            };
    OutboundUrlGuard guard = new OutboundUrlGuard(new OutboundUrlProperties(true), rebinding);
    try (ServerSocket listener = new ServerSocket()) {
      listener.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      CompletableFuture<InetAddress> accepted =
          CompletableFuture.supplyAsync(
              () -> {
                try (Socket socket = listener.accept()) {
                  return ((InetSocketAddress) socket.getLocalSocketAddress()).getAddress();
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      URI url = URI.create("https://rebind.invalid:" + listener.getLocalPort() + "/token");

      try {
        guard.open(url, Duration.ofSeconds(2), Duration.ofSeconds(2)).getResponseCode();
      } catch (IOException expected) {
        // the listener speaks no TLS: only where the connection went matters here
      }

      assertThat(accepted.get(5, TimeUnit.SECONDS).getHostAddress()).isEqualTo("127.0.0.1");
      assertThat(lookups.get()).isEqualTo(1);
    }
  }

  @Test
  void theRefusalComesBeforeAnyConnection() throws Exception {
    try (ServerSocket listener = new ServerSocket()) {
      listener.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      listener.setSoTimeout(300);
      URI url = URI.create("https://127.0.0.1:" + listener.getLocalPort() + "/token");

      assertThatThrownBy(
              () -> guarded.open(url, Duration.ofSeconds(1), Duration.ofSeconds(1)).connect())
          .isInstanceOf(OutboundUrlRefusedException.class);
      assertThatThrownBy(listener::accept).isInstanceOf(java.net.SocketTimeoutException.class);
    }
  }

  private static String refusal(OutboundUrlGuard guard, String url) {
    try {
      guard.resolve(URI.create(url));
    } catch (OutboundUrlRefusedException e) {
      return e.getMessage();
    }
    throw new AssertionError("not refused: " + url + " " + List.of());
  }
}
