package dev.gorgo.lambda.internal;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * {@link Remote} over SSH with JSch: public-key authentication, trust on first use recorded in a
 * per-cluster {@code known_hosts} file (once a node's key is recorded, a different key is refused),
 * one exec channel per command.
 */
public final class JschRemote implements Remote {
  private static final Object KNOWN_HOSTS_LOCK = new Object();

  private final Session session;

  private JschRemote(Session session) {
    this.session = session;
  }

  /**
   * Connects and authenticates.
   *
   * @param host host name or IP
   * @param port SSH port
   * @param user login user
   * @param privateKey the private key file
   * @param knownHosts the known-hosts file (created if missing)
   * @param connectTimeoutMillis connect timeout in milliseconds
   * @return a connected remote
   * @throws IOException if the connection or authentication fails
   */
  public static JschRemote connect(
      String host,
      int port,
      String user,
      Path privateKey,
      Path knownHosts,
      int connectTimeoutMillis)
      throws IOException {
    // Nodes are set up in parallel and share one known-hosts file, which JSch rewrites when it
    // records a new host key during connect: one connect at a time keeps every node's key.
    synchronized (KNOWN_HOSTS_LOCK) {
      try {
        JSch jsch = new JSch();
        jsch.addIdentity(privateKey.toString());
        Files.createDirectories(knownHosts.toAbsolutePath().getParent());
        if (!Files.exists(knownHosts)) {
          Files.createFile(knownHosts);
        }
        jsch.setKnownHosts(knownHosts.toString());
        // Trust on first use: a host not yet in this cluster's known_hosts is recorded ("no");
        // once recorded, a different key is refused ("yes").
        String entry = port == 22 ? host : "[" + host + "]:" + port;
        HostKey[] known = jsch.getHostKeyRepository().getHostKey(entry, null);
        boolean seen = known != null && known.length > 0;
        Session s = jsch.getSession(user, host, port);
        s.setConfig("StrictHostKeyChecking", seen ? "yes" : "no");
        s.setConfig("PreferredAuthentications", "publickey");
        s.setServerAliveInterval(15_000);
        s.connect(connectTimeoutMillis);
        return new JschRemote(s);
      } catch (JSchException e) {
        throw new IOException(
            "SSH to " + user + "@" + host + ":" + port + " failed: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public Result exec(String command, byte @Nullable [] stdin, long timeoutMillis)
      throws IOException {
    ChannelExec ch = null;
    try {
      ch = (ChannelExec) session.openChannel("exec");
      ch.setCommand(command);
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      ch.setErrStream(err, true);
      InputStream out = ch.getInputStream();
      OutputStream in = ch.getOutputStream();
      ch.connect((int) Math.min(Integer.MAX_VALUE, timeoutMillis));
      if (stdin != null) {
        in.write(stdin);
      }
      in.close();
      ByteArrayOutputStream stdout = new ByteArrayOutputStream();
      long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
      byte[] buf = new byte[8192];
      while (true) {
        while (out.available() > 0) {
          int n = out.read(buf);
          if (n < 0) {
            break;
          }
          stdout.write(buf, 0, n);
        }
        if (ch.isClosed() && out.available() == 0) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new IOException("timed out after " + timeoutMillis + " ms");
        }
        Thread.sleep(20);
      }
      return new Result(
          ch.getExitStatus(),
          stdout.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    } catch (JSchException e) {
      throw new IOException("SSH exec failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      if (ch != null) {
        ch.disconnect();
      }
    }
  }

  @Override
  public void close() {
    session.disconnect();
  }
}
