package dev.mailgate.sandbox.dovecot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * The loopback ports of a {@link DovecotServer}: Dovecot's IMAP, POP3 and submission, each plain
 * (with STARTTLS) and with implicit TLS, its LMTP, and Postfix's smtpd, through which submitted
 * mail goes on to LMTP.
 */
public record DovecotPorts(
    int imap,
    int imaps,
    int pop3,
    int pop3s,
    int submission,
    int submissions,
    int lmtp,
    int postfixSmtp) {

  /**
   * Ports free a moment ago. Dovecot and Postfix take no port 0, so they are asked for these; a
   * port taken meanwhile makes the start fail, and {@link DovecotServer} starts again on others.
   */
  static DovecotPorts free() {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      int[] p = sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
      return new DovecotPorts(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]);
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException e) {
          // nothing to undo
        }
      }
    }
  }

  /** Every port, for waiting until all of them accept connections. */
  List<Integer> all() {
    return List.of(imap, imaps, pop3, pop3s, submission, submissions, lmtp, postfixSmtp);
  }
}
