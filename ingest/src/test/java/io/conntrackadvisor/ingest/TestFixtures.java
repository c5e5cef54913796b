package io.conntrackadvisor.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The real-format fixtures in {@code examples/fixtures}, found through the {@code fixtures.dir} property, and the
 * scripts that stand in for external programs.
 */
public final class TestFixtures {
  private TestFixtures() {
  }

  public static Path path(String rel) {
    String dir = System.getProperty("fixtures.dir");
    Path base = dir != null ? Path.of(dir) : Path.of("..", "examples", "fixtures");
    Path p = base.resolve(rel);
    if (!Files.exists(p)) {
      throw new IllegalStateException("fixture missing: " + p.toAbsolutePath());
    }
    return p;
  }

  /** Writes an executable shell script {@code dir/name} with {@code body}. */
  public static Path script(Path dir, String name, String body) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    return p;
  }

  /** A {@code conntrack} stand-in that prints the real {@code conntrack -S} output of the fixture for {@code -S}. */
  public static Path conntrackS(Path dir, String fixture) throws IOException {
    return script(dir, "conntrack", "[ \"$1\" = -S ] || exit 2\ncat '" + path(fixture).toAbsolutePath() + "'");
  }
}
