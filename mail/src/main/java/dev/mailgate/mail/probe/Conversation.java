package dev.mailgate.mail.probe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/** A line-based exchange with a mail server over one socket, which may be upgraded to TLS. */
final class Conversation implements AutoCloseable {

  private Socket socket;
  private BufferedReader in;
  private OutputStream out;

  Conversation(Socket socket) throws IOException {
    use(socket);
  }

  String readLine() throws IOException {
    String line = in.readLine();
    if (line == null) {
      throw new IOException("the server closed the connection");
    }
    return line;
  }

  void send(String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** STARTTLS: the same connection, now encrypted; returns the TLS socket after its handshake. */
  SSLSocket upgrade(SSLSocketFactory factory, String host, int port) throws IOException {
    SSLSocket tls = (SSLSocket) factory.createSocket(socket, host, port, true);
    tls.startHandshake();
    use(tls);
    return tls;
  }

  private void use(Socket next) throws IOException {
    socket = next;
    in = new BufferedReader(new InputStreamReader(next.getInputStream(), StandardCharsets.UTF_8));
    out = next.getOutputStream();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing after a test; nothing to report
    }
  }
}
