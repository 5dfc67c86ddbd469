package dev.mailgate.security.outboundurl;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import javax.net.ssl.SSLSocketFactory;

/**
 * TLS sockets that connect to the one address the guard checked, whatever the connection's own
 * lookup of the host name says, while TLS (SNI, certificate and host name check) still uses the
 * name. So a name that resolves to a public address for the check and to a private one a moment
 * later (DNS rebinding) cannot slip past the guard.
 */
final class PinnedSocketFactory extends SSLSocketFactory {

  private final SSLSocketFactory tls;
  private final InetAddress address;

  PinnedSocketFactory(SSLSocketFactory tls, InetAddress address) {
    this.tls = tls;
    this.address = address;
  }

  /** The unconnected socket {@code HttpsURLConnection} connects, then layers TLS over. */
  @Override
  public Socket createSocket() {
    return new Socket() {
      @Override
      public void connect(SocketAddress endpoint, int timeout) throws IOException {
        int port = ((InetSocketAddress) endpoint).getPort();
        super.connect(new InetSocketAddress(address, port), timeout);
      }
    };
  }

  @Override
  public Socket createSocket(Socket socket, String host, int port, boolean autoClose)
      throws IOException {
    return tls.createSocket(socket, host, port, autoClose);
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    Socket plain = createSocket();
    plain.connect(new InetSocketAddress(address, port));
    return tls.createSocket(plain, host, port, true);
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress local, int localPort)
      throws IOException {
    return createSocket(host, port);
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return createSocket(host.getHostName(), port);
  }

  @Override
  public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort)
      throws IOException {
    return createSocket(host.getHostName(), port);
  }

  @Override
  public String[] getDefaultCipherSuites() {
    return tls.getDefaultCipherSuites();
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return tls.getSupportedCipherSuites();
  }
}
