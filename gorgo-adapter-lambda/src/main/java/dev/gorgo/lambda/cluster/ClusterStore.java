package dev.gorgo.lambda.cluster;

import dev.gorgo.lambda.internal.Json;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

/**
 * Cluster state files under the user's configuration directory: {@code
 * $XDG_CONFIG_HOME/gorgo/clusters/<name>.json}, or {@code ~/.config/gorgo/clusters/<name>.json}.
 * Generated SSH keys go to {@code keys/}, SSH host keys to {@code known_hosts/<name>}, beside it.
 *
 * <p>Writes are atomic (a temporary file renamed over the old one) and owner-only ({@code 0600}).
 * Thread-safe for distinct clusters; concurrent writers of one cluster race (last write wins).
 */
public final class ClusterStore {
  private final Path root;

  /**
   * A store rooted at the given directory.
   *
   * @param root the gorgo configuration directory
   */
  public ClusterStore(Path root) {
    this.root = root;
  }

  /**
   * The store at the standard location for the given environment.
   *
   * @param env environment variables (reads {@code XDG_CONFIG_HOME})
   * @param userHome the user's home directory
   * @return the store
   */
  public static ClusterStore standard(Map<String, String> env, Path userHome) {
    String xdg = env.get("XDG_CONFIG_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : userHome.resolve(".config");
    return new ClusterStore(base.resolve("gorgo"));
  }

  /**
   * The configuration directory.
   *
   * @return the root path
   */
  public Path root() {
    return root;
  }

  /**
   * Where a cluster's state lives.
   *
   * @param name the cluster name
   * @return the state file path
   */
  public Path stateFile(String name) {
    return root.resolve("clusters").resolve(name + ".json");
  }

  /**
   * Where a generated private key is saved.
   *
   * @param keyName the SSH key name
   * @return the key file path
   */
  public Path keyFile(String keyName) {
    return root.resolve("keys").resolve(keyName + ".pem");
  }

  /**
   * The known-hosts file for SSH host keys of one cluster's nodes (deleted with the cluster, since
   * Lambda reuses addresses for new instances).
   *
   * @param name the cluster name
   * @return the file path
   */
  public Path knownHosts(String name) {
    return root.resolve("known_hosts").resolve(name);
  }

  /**
   * Reads a cluster's state.
   *
   * @param name the cluster name
   * @return the state, or empty if there is none
   * @throws IOException if the file exists but cannot be read or parsed
   */
  public Optional<ClusterState> load(String name) throws IOException {
    Path f = stateFile(name);
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.MAPPER.readValue(f.toFile(), ClusterState.class));
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException("cluster state " + f + " is unreadable: " + e.getMessage(), e);
    }
  }

  /**
   * Writes a cluster's state atomically with owner-only permissions.
   *
   * @param state the state
   * @throws IOException if it cannot be written
   */
  public void save(ClusterState state) throws IOException {
    Path f = stateFile(state.spec().name());
    Files.createDirectories(f.getParent());
    Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(
          tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.write(tmp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
    try {
      Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Removes a cluster's state.
   *
   * @param name the cluster name
   * @throws IOException if it cannot be deleted
   */
  public void delete(String name) throws IOException {
    Files.deleteIfExists(stateFile(name));
    Files.deleteIfExists(knownHosts(name));
  }
}
