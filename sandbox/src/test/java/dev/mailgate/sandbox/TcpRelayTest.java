package dev.mailgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay copies both ways untouched, cuts open connections on demand, and relays again. */
class TcpRelayTest {

  private ServerSocket echo;
  private TcpRelay relay;

  @BeforeEach
  void start() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    Thread.ofPlatform().daemon().start(this::echoEachConnection);
    relay = TcpRelay.to(echo.getLocalPort());
  }

  @AfterEach
  void stop() throws IOException {
    relay.close();
    echo.close();
  }

  @Test
  void bytesGoThroughBothWaysAndAreCounted() throws IOException {
    try (Socket client = new Socket("127.0.0.1", relay.port())) {
      client.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));

      assertThat(new String(readFully(client.getInputStream(), 5), StandardCharsets.US_ASCII))
          .isEqualTo("hello");
      assertThat(relay.bytesFromTarget()).isEqualTo(5);
    }
  }

  @Test
  void aCutAfterSomeBytesClosesTheConnectionMidReplyAndNewConnectionsWorkAgain()
      throws IOException {
    relay.cutAfterBytesFromTarget(3);
    try (Socket client = new Socket("127.0.0.1", relay.port())) {
      client.getOutputStream().write("abcdef".getBytes(StandardCharsets.US_ASCII));
      client.getOutputStream().flush();

      client.setSoTimeout(10_000); // a connection left open would end in a timeout, not EOF
      InputStream in = client.getInputStream();
      int received = 0;
      boolean ended = false;
      try {
        while (in.read() >= 0) {
          received++;
        }
        ended = true;
      } catch (SocketTimeoutException e) {
        ended = false;
      } catch (IOException e) {
        ended = true; // a reset is a cut too
      }
      assertThat(ended).as("the relay closed the connection").isTrue();
      assertThat(received).isBetween(3, 6);
      assertThat(relay.cuts()).isEqualTo(1);
    }
    try (Socket again = new Socket("127.0.0.1", relay.port())) {
      again.getOutputStream().write("xy".getBytes(StandardCharsets.US_ASCII));
      assertThat(readFully(again.getInputStream(), 2)).isEqualTo("xy".getBytes());
    }
  }

  private void echoEachConnection() {
    while (!echo.isClosed()) {
      try {
        Socket socket = echo.accept();
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  try (socket;
                      InputStream in = socket.getInputStream();
                      OutputStream out = socket.getOutputStream()) {
                    in.transferTo(out);
                  } catch (IOException ignored) {
                    // the relay cut it
                  }
                });
      } catch (IOException e) {
        return;
      }
    }
  }

  private static byte[] readFully(InputStream in, int n) throws IOException {
    return in.readNBytes(n);
  }
}
