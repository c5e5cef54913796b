package io.conntrackadvisor.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A bench's working folder: the one the user named (kept), or a temporary one that is deleted when the bench ends,
 * since a broker's logs and the stores of a bench run take gigabytes.
 */
public final class WorkDir implements AutoCloseable {
  private final Path path;
  private final boolean temporary;

  private WorkDir(Path path, boolean temporary) {
    this.path = path;
    this.temporary = temporary;
  }

  /** {@code given} (created if missing, kept afterwards), or a new temporary folder named {@code prefix...}. */
  public static WorkDir of(Path given, String prefix) throws IOException {
    return given != null ? new WorkDir(Files.createDirectories(given), false)
        : new WorkDir(Files.createTempDirectory(prefix), true);
  }

  public Path path() {
    return path;
  }

  /** Deletes the folder and everything in it when it is a temporary one. */
  @Override
  public void close() throws IOException {
    if (!temporary) {
      return;
    }
    try (Stream<Path> all = Files.walk(path)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
