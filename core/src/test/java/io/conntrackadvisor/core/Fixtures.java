package io.conntrackadvisor.core;

import java.nio.file.Files;
import java.nio.file.Path;

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
}
