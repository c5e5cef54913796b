package io.conntrackadvisor.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Locates the real-format fixtures in {@code examples/fixtures} (copied from the team's shared fixtures). */
public final class Fixtures {
  private Fixtures() {
  }

  /** A fixture file or folder by relative path. */
  public static Path path(String rel) {
    String dir = System.getProperty("fixtures.dir");
    Path base = dir != null ? Path.of(dir) : Path.of("..", "examples", "fixtures");
    Path p = base.resolve(rel);
    if (!Files.exists(p)) {
      throw new IllegalStateException("fixture missing: " + p.toAbsolutePath());
    }
    return p;
  }

  /** A copy of a fixture folder at {@code to}, for a test that changes its files. */
  public static Path copy(String rel, Path to) throws IOException {
    Path from = path(rel);
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return to;
  }
}
