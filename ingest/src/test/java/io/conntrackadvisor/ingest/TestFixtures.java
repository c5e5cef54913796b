package io.conntrackadvisor.ingest;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real-format fixtures in {@code examples/fixtures}, found through the {@code fixtures.dir} property. */
final class TestFixtures {
  private TestFixtures() {
  }

  static Path path(String rel) {
    String dir = System.getProperty("fixtures.dir");
    Path base = dir != null ? Path.of(dir) : Path.of("..", "examples", "fixtures");
    Path p = base.resolve(rel);
    if (!Files.exists(p)) {
      throw new IllegalStateException("fixture missing: " + p.toAbsolutePath());
    }
    return p;
  }
}
