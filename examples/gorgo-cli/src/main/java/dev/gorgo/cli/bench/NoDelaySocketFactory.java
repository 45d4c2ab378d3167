package dev.gorgo.cli.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Creates sockets with Nagle's algorithm off. A request goes out as two writes (headers, then
 * body); with Nagle on, the second waits for the server to acknowledge the first, and servers delay
 * acknowledgements by up to 40 ms, which would be added to every measured time to first token.
 */
public final class NoDelaySocketFactory extends SocketFactory {
  /** The shared instance. */
  public static final NoDelaySocketFactory INSTANCE = new NoDelaySocketFactory();

  private NoDelaySocketFactory() {}

  private static Socket configure(Socket s) throws IOException {
    s.setTcpNoDelay(true);
    return s;
  }

  @Override
  public Socket createSocket() throws IOException {
    return configure(new Socket());
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return configure(new Socket(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return configure(new Socket(host, port, localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return configure(new Socket(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return configure(new Socket(address, port, localAddress, localPort));
  }
}
