package dev.mailgate.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP relay in front of a server port, for tests that cut a connection in the middle of
 * a conversation: a client connects to {@link #port()} instead of the server's port and the relay
 * copies bytes both ways, untouched (TLS passes through, so the server's certificate is what the
 * client checks). {@link #cut()} closes every relayed connection at once, as a network failure
 * would; {@link #cutAfterBytesFromTarget(long)} does it once the server has sent that many more
 * bytes, so the cut lands in the middle of a reply. New connections are relayed again after a cut.
 *
 * <pre>{@code
 * try (TcpRelay relay = TcpRelay.to(sandbox.ports().imaps())) {
 *   // point the client at relay.port(); relay.cutAfterBytesFromTarget(100_000);
 * }
 * }</pre>
 */
public final class TcpRelay implements AutoCloseable {

  private static final String HOST = "127.0.0.1";

  private final int targetPort;
  private final ServerSocket listener;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong fromTarget = new AtomicLong();
  private final AtomicLong cutAt = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong cuts = new AtomicLong();
  private final AtomicLong connections = new AtomicLong();
  private volatile boolean closed;

  private TcpRelay(int targetPort) {
    this.targetPort = targetPort;
    try {
      listener = new ServerSocket(0, 50, InetAddress.getByName(HOST));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread.ofPlatform().daemon().name("tcp-relay-" + port()).start(this::accept);
  }

  /** A relay on a free loopback port to the server on {@code 127.0.0.1:targetPort}. */
  public static TcpRelay to(int targetPort) {
    return new TcpRelay(targetPort);
  }

  /** The loopback port clients connect to. */
  public int port() {
    return listener.getLocalPort();
  }

  /** Connections relayed so far (e.g. to show that a client reused one). */
  public long connections() {
    return connections.get();
  }

  /** Connections relayed and not yet closed by either end (e.g. to show a client closed one). */
  public long openConnections() {
    return open.size() / 2; // each one is a client socket and a server socket
  }

  /** Bytes the server has sent through the relay so far, over all connections. */
  public long bytesFromTarget() {
    return fromTarget.get();
  }

  /** How many times connections were cut. */
  public long cuts() {
    return cuts.get();
  }

  /** Closes every relayed connection now (both sides), like a network failure. */
  public void cut() {
    cuts.incrementAndGet();
    for (Socket socket : open) {
      closeQuietly(socket);
    }
  }

  /** Cuts once, as soon as the server has sent {@code bytes} more bytes through the relay. */
  public void cutAfterBytesFromTarget(long bytes) {
    cutAt.set(fromTarget.get() + bytes);
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(listener);
    for (Socket socket : open) {
      closeQuietly(socket);
    }
  }

  private void accept() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        continue; // closed: the loop ends; otherwise try the next one
      }
      try {
        Socket server = new Socket(HOST, targetPort);
        connections.incrementAndGet();
        open.add(client);
        open.add(server);
        pump(client, server, false);
        pump(server, client, true);
      } catch (IOException e) {
        closeQuietly(client); // the target refused: so does the relay
      }
    }
  }

  private void pump(Socket from, Socket to, boolean fromTheTarget) {
    Thread.ofPlatform()
        .daemon()
        .name("tcp-relay-" + port() + (fromTheTarget ? "-down" : "-up"))
        .start(
            () -> {
              byte[] buffer = new byte[8192];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  // counted before they are passed on: whoever has read them sees them counted
                  long total = fromTheTarget ? fromTarget.addAndGet(n) : 0;
                  out.write(buffer, 0, n);
                  out.flush();
                  if (fromTheTarget && total >= cutAt.get()) {
                    cutAt.set(Long.MAX_VALUE);
                    cut();
                  }
                }
              } catch (SocketException e) {
                // cut, or closed by the other side
              } catch (IOException e) {
                // likewise: the relay only ends what the endpoints or a cut ended
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
              }
            });
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // closing is all that is wanted
    }
  }
}
