package io.conntrackadvisor.sink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The output folder {@code OUT}: per-host folders {@code OUT/<host>/}, the report {@code OUT/index.html} and the
 * state {@code OUT/.state/<host>/}. A second line of defence behind {@link HostNames}: every folder it hands out is
 * a direct, real (not symlinked) child of its parent.
 */
public final class OutputDirectory {
  /** File name of the HTML report. */
  static final String REPORT_FILE = "index.html";
  /** Folder of the per-host state (delivered digests, report history). */
  public static final String STATE_DIR = ".state";

  private final Path root;
  private final Path stateRoot;

  public OutputDirectory(Path root) throws IOException {
    Files.createDirectories(root);
    this.root = root.toRealPath();
    Files.createDirectories(this.root.resolve(STATE_DIR));
    this.stateRoot = this.root.resolve(STATE_DIR).toRealPath();
  }

  /** The real path of {@code OUT}. */
  public Path root() {
    return root;
  }

  /** {@code OUT/<host>/}, created when missing. */
  public Path hostDir(String host) throws IOException, RecordRejectedException {
    return child(root, host);
  }

  /** {@code OUT/.state/<host>/}, created when missing. */
  public Path stateDir(String host) throws IOException, RecordRejectedException {
    return child(stateRoot, host);
  }

  /** {@code OUT/index.html}. */
  public Path reportFile() {
    return root.resolve(REPORT_FILE);
  }

  /** Hosts that have a state folder, in no particular order. */
  public List<String> stateHosts() throws IOException {
    try (Stream<Path> dirs = Files.list(stateRoot)) {
      return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).toList();
    }
  }

  private static Path child(Path parent, String host) throws IOException, RecordRejectedException {
    String name = HostNames.check(host);
    Path dir = parent.resolve(name).normalize();
    if (!parent.equals(dir.getParent())) {
      throw new RecordRejectedException(RejectReason.HOST_NAME, "escapes the output folder: '"
          + PlainText.forLog(host) + "'");
    }
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        throw new RecordRejectedException(RejectReason.HOST_NAME, "not a plain folder: " + dir);
      }
      Files.createDirectory(dir);
    }
    return dir;
  }
}
