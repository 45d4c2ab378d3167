package dev.gorgo.lambda.cluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

/**
 * A GPU node played by an in-process SSH server on 127.0.0.1 (Apache MINA SSHD). It records every
 * command and every uploaded file, and keeps a small model of the machine (is Docker running, which
 * SGLang container config is running, is Java installed, which proxy is running) so that checks
 * answer truthfully after the matching action ran. Any command it does not recognise fails with
 * exit status 127, so an unexpected command fails the test.
 */
final class FakeNode implements AutoCloseable {
  private static final Pattern LABEL = Pattern.compile("--label gorgo\\.config=([0-9a-f]+)");
  private static final Pattern RUNNING = Pattern.compile("= 'true ([0-9a-f]+)' \\]");
  private static final Pattern STAMP_CHECK = Pattern.compile("= ([0-9a-f]+) \\]");
  private static final Pattern STAMP_WRITE =
      Pattern.compile("echo ([0-9a-f]+) > gorgo/proxy.stamp");
  private static final Pattern MOVE = Pattern.compile("mv -f \\S+ (\\S+)$");

  final SshServer server;
  final List<String> commands = java.util.Collections.synchronizedList(new ArrayList<>());
  final Map<String, byte[]> files = new ConcurrentHashMap<>();
  final Set<String> facts = ConcurrentHashMap.newKeySet();
  final Map<String, String> canned = new LinkedHashMap<>();
  private volatile Predicate<String> failWhen = c -> false;
  private volatile String failure = "";
  private volatile int failStatus;

  FakeNode(Path hostKey, String authorizedKeyBlob) throws IOException {
    server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider(hostKey);
    keys.setAlgorithm("EC");
    keys.setKeySize(256);
    server.setKeyPairProvider(keys);
    server.setPublickeyAuthenticator(
        (user, key, session) ->
            "ubuntu".equals(user)
                && PublicKeyEntry.toString(key).split(" ")[1].equals(authorizedKeyBlob));
    server.setPasswordAuthenticator(null);
    server.setCommandFactory((channel, command) -> new Recorded(command));
    server.start();
  }

  int port() {
    return server.getPort();
  }

  /** Makes commands matching {@code when} fail with the given status and standard error. */
  void failOn(Predicate<String> when, int status, String stderr) {
    failStatus = status;
    failure = stderr;
    failWhen = when;
  }

  /** Commands recorded since the last call, and clears the record. */
  List<String> drain() {
    synchronized (commands) {
      List<String> copy = List.copyOf(commands);
      commands.clear();
      return copy;
    }
  }

  String file(String path) {
    byte[] b = files.get(path);
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    server.stop(true);
  }

  private record Answer(int status, String out, String err) {}

  private Answer answer(String c, byte[] stdin) {
    if (failWhen.test(c)) {
      return new Answer(failStatus, "", failure);
    }
    for (Map.Entry<String, String> e : canned.entrySet()) {
      if (c.contains(e.getKey())) {
        return new Answer(0, e.getValue(), "");
      }
    }
    if (c.startsWith("sha256sum ")) {
      String path = c.substring("sha256sum ".length(), c.indexOf(" 2>/dev/null"));
      byte[] b = files.get(path);
      return b == null
          ? new Answer(1, "", "no such file")
          : new Answer(0, sha(b) + "  " + path, "");
    }
    if (c.startsWith("umask 077 && cat > ")) {
      Matcher m = MOVE.matcher(c);
      if (!m.find()) {
        return new Answer(2, "", "bad upload command");
      }
      files.put(m.group(1), stdin);
      return new Answer(0, "", "");
    }
    if (c.startsWith("mkdir -p gorgo")) {
      return new Answer(0, "", "");
    }
    if (c.equals("sudo docker info >/dev/null 2>&1")) {
      return status(facts.contains("docker"));
    }
    if (c.startsWith("sudo systemctl start docker")) {
      facts.add("docker");
      return new Answer(0, "", "");
    }
    if (c.startsWith("[ \"$(sudo docker inspect")) {
      Matcher m = RUNNING.matcher(c);
      return status(m.find() && facts.contains("sglang:" + m.group(1)));
    }
    if (c.startsWith("sudo docker rm -f gorgo-sglang")) {
      Matcher m = LABEL.matcher(c);
      if (!m.find() || !facts.contains("docker")) {
        return new Answer(125, "", "docker: Cannot connect to the Docker daemon");
      }
      facts.removeIf(f -> f.startsWith("sglang:"));
      facts.add("sglang:" + m.group(1));
      return new Answer(0, "4f1c0ffee\n", "");
    }
    if (c.startsWith("for i in $(seq 1 ")) {
      return new Answer(0, "", "");
    }
    if (c.equals("command -v java >/dev/null 2>&1")) {
      return status(facts.contains("java"));
    }
    if (c.startsWith("sudo apt-get update")) {
      facts.add("java");
      return new Answer(0, "", "");
    }
    if (c.startsWith("pgrep -f '[g]orgo/gorgo.jar proxy'")) {
      Matcher m = STAMP_CHECK.matcher(c);
      return status(m.find() && facts.contains("proxy:" + m.group(1)));
    }
    if (c.startsWith("pkill -f '[g]orgo/gorgo.jar proxy'")) {
      Matcher m = STAMP_WRITE.matcher(c);
      if (!m.find() || !facts.contains("java")) {
        return new Answer(127, "", "java: command not found");
      }
      facts.removeIf(f -> f.startsWith("proxy:"));
      facts.add("proxy:" + m.group(1));
      return new Answer(0, "", "");
    }
    return new Answer(127, "", "fake node: unknown command: " + c);
  }

  private static Answer status(boolean ok) {
    return new Answer(ok ? 0 : 1, "", "");
  }

  static String sha(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String blob(byte[] publicKeyBlob) {
    return Base64.getEncoder().encodeToString(publicKeyBlob);
  }

  /** One exec request: reads standard input to EOF, answers from the model, exits. */
  private final class Recorded implements Command {
    private final String command;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;

    Recorded(String command) {
      this.command = command;
    }

    @Override
    public void setInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
      this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
      this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
      Thread t =
          new Thread(
              () -> {
                try {
                  ByteArrayOutputStream stdin = new ByteArrayOutputStream();
                  in.transferTo(stdin);
                  commands.add(command);
                  Answer a = answer(command, stdin.toByteArray());
                  out.write(a.out().getBytes(StandardCharsets.UTF_8));
                  out.flush();
                  err.write(a.err().getBytes(StandardCharsets.UTF_8));
                  err.flush();
                  exit.onExit(a.status());
                } catch (IOException e) {
                  exit.onExit(255, e.toString());
                }
              },
              "fake-node-command");
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void destroy(ChannelSession channel) {}
  }
}
