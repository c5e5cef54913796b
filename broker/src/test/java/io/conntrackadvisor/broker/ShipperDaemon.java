package io.conntrackadvisor.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A log shipper (rsyslogd, syslog-ng) started by a test in the foreground with its own configuration and work
 * folder, its output in a file there, and stopped by the test (SIGTERM, then SIGKILL): nothing of the machine's
 * own syslog is read or changed. Used by the shipper integration tests and by {@code bench-ship}, which measures
 * rsyslogd beside the agent.
 */
public final class ShipperDaemon implements AutoCloseable {
  /** How much of the end of each of its logs a failure message shows. */
  private static final int TAIL = 20_000;

  private final Process process;
  private final List<Path> logs;

  private ShipperDaemon(Process process, List<Path> logs) {
    this.process = process;
    this.logs = logs;
  }

  /** Starts {@code command} in {@code work} with UTC as its zone and {@code env} added to its environment. */
  public static ShipperDaemon start(Path work, List<String> command, Map<String, String> env) throws IOException {
    return start(work, command, env, List.of());
  }

  /**
   * Starts {@code command} as {@link #start(Path, List, Map)} does; {@code diagnostics} are the files where its
   * configuration makes it write what it does (its internal messages), shown with its output.
   */
  public static ShipperDaemon start(Path work, List<String> command, Map<String, String> env,
      List<Path> diagnostics)
      throws IOException {
    Path log = work.resolve("daemon.log");
    ProcessBuilder b = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    b.environment().put("TZ", "UTC");
    b.environment().putAll(env);
    List<Path> all = new ArrayList<>(List.of(log));
    all.addAll(diagnostics);
    return new ShipperDaemon(b.start(), List.copyOf(all));
  }

  /** Whether it still runs. */
  public boolean alive() {
    return process.isAlive();
  }

  /** What it printed so far, then what it wrote to each diagnostics file (their last {@value #TAIL} characters). */
  public String output() throws IOException {
    StringBuilder out = new StringBuilder();
    for (Path log : logs) {
      String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no file)";
      if (text.length() > TAIL) {
        text = "..." + text.substring(text.length() - TAIL);
      }
      out.append(out.length() == 0 ? "" : "\n--- " + log.getFileName() + ":\n").append(text.isEmpty() ? "(empty)"
          : text);
    }
    return out.toString();
  }

  /** The running process, for its CPU time and memory. */
  public ProcessHandle handle() {
    return process.toHandle();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
    }
  }
}
