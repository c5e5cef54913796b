package io.conntrackadvisor.streams;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A log shipper (rsyslogd, syslog-ng) started by a test in the foreground with its own configuration and work
 * folder, its output in a file there, and stopped by the test (SIGTERM, then SIGKILL): nothing of the machine's
 * own syslog is read or changed.
 */
final class ShipperDaemon implements AutoCloseable {
  private final Process process;
  private final Path log;

  private ShipperDaemon(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@code command} in {@code work} with UTC as its zone and {@code env} added to its environment. */
  static ShipperDaemon start(Path work, List<String> command, Map<String, String> env) throws IOException {
    Path log = work.resolve("daemon.log");
    ProcessBuilder b = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    b.environment().put("TZ", "UTC");
    b.environment().putAll(env);
    return new ShipperDaemon(b.start(), log);
  }

  /** Whether it still runs. */
  boolean alive() {
    return process.isAlive();
  }

  /** What it printed so far. */
  String output() throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
    }
  }
}
