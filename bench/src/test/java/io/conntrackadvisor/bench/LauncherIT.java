package io.conntrackadvisor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.app.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The launcher's start-up tuning for {@code analyze} (C1 only, a class-data-sharing archive from a training run of
 * the jar) changes nothing but speed: the same report as in-process, nothing extra on stdout, and a broken or stale
 * archive is replaced or ignored.
 */
class LauncherIT {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Path LAUNCHER = ROOT.resolve("bin/conntrack-advisor");
  private static final Path JAR = ROOT.resolve("app/target/conntrack-advisor.jar");
  private static final Path ARCHIVE = ROOT.resolve("app/target/conntrack-advisor-analyze.jsa");

  private record Run(int exit, String out, String err) {
  }

  @Test
  void shouldMakeTheArchiveOnFirstUseAndPrintWhatTheCommandPrintsInProcess() throws Exception {
    Files.deleteIfExists(ARCHIVE);
    String log = fixture("logs/messages-seed.log");

    Run first = launch("analyze", "--format", "json", log);
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(ARCHIVE).exists();
    assertThat(Files.getLastModifiedTime(ARCHIVE).compareTo(Files.getLastModifiedTime(JAR))).isPositive();
    Run second = launch("analyze", "--format", "json", log);

    String expected = inProcess("analyze", "--format", "json", log);
    assertThat(first.out()).isEqualTo(expected).contains("\"type\":\"burst\"");
    assertThat(second.out()).isEqualTo(expected);
    assertThat(first.err() + second.err()).doesNotContain("cds").doesNotContain("warning");
  }

  @Test
  void shouldIgnoreABrokenArchiveAndReplaceAStaleOne() throws Exception {
    String log = fixture("logs/dmesg-ratelimit.txt");
    String expected = inProcess("analyze", "--host", "docker-7", log);
    Files.deleteIfExists(ARCHIVE);
    Files.write(ARCHIVE, "not an archive".getBytes(StandardCharsets.US_ASCII));

    Run broken = launch("analyze", "--host", "docker-7", log);
    assertThat(broken.exit()).as(broken.err()).isZero();
    assertThat(broken.out()).isEqualTo(expected);
    assertThat(broken.err()).doesNotContain("cds").doesNotContain("archive");

    Files.setLastModifiedTime(ARCHIVE, FileTime.from(Instant.parse("2000-01-01T00:00:00Z")));
    Run stale = launch("analyze", "--host", "docker-7", log);
    assertThat(stale.exit()).as(stale.err()).isZero();
    assertThat(stale.out()).isEqualTo(expected);
    assertThat(Files.size(ARCHIVE)).as("a new archive from a training run").isGreaterThan(1 << 20);
  }

  private static Run launch(String... args) throws Exception {
    Path out = Files.createTempFile("launcher", ".out");
    Path err = Files.createTempFile("launcher", ".err");
    try {
      List<String> cmd = new java.util.ArrayList<>(List.of("bash", LAUNCHER.toString()));
      cmd.addAll(List.of(args));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.environment().put("CONNTRACK_ADVISOR_SKIP_BUILD", "1");
      pb.environment().remove("JAVA_OPTS");
      Process p = pb.start();
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("launcher finished").isTrue();
      return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static String inProcess(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(new StringWriter(), true));
    assertThat(cl.execute(args)).isZero();
    return out.toString();
  }

  private static String fixture(String rel) {
    return Path.of(System.getProperty("fixtures.dir")).resolve(rel).toString();
  }
}
