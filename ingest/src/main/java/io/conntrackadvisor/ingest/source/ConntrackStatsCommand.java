package io.conntrackadvisor.ingest.source;

import io.conntrackadvisor.core.proc.ConntrackStats;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs {@code conntrack -S} (conntrack-tools) for the sampler on kernels built without conntrack procfs, where
 * {@code net/stat/nf_conntrack} is absent, and parses it with core's {@link ConntrackStats#parseConntrackS}. The
 * program is a configurable path so that tests can run a script. A run is bounded in time and in output; whatever
 * goes wrong becomes a {@link Failure} with a short reason for the metrics label, never an unchecked exception.
 *
 * <p>The counters come over netlink from the network namespace the agent runs in, not from the proc root: an agent
 * in a container needs the host's network for them to be the host's.
 */
public final class ConntrackStatsCommand {
  /** Reason: the program could not be started (not found, not executable). */
  static final String NOT_STARTED = "not-started";
  /** Reason: the program exited with a status other than 0. */
  static final String EXIT_STATUS = "exit-status";
  /** Reason: the program did not finish within the timeout. */
  static final String TIMEOUT = "timeout";
  /** Reason: the output was too long, unreadable or had no per-CPU line. */
  static final String BAD_OUTPUT = "bad-output";
  /** Default timeout of one run. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  /** Default bound of the output: about 200 bytes per CPU line, so this covers thousands of CPUs. */
  public static final int DEFAULT_MAX_OUTPUT_BYTES = 1 << 20;
  private static final ProcessBuilder.Redirect NO_INPUT = ProcessBuilder.Redirect.from(new File("/dev/null"));

  private final String program;
  private final Duration timeout;
  private final int maxOutputBytes;

  public ConntrackStatsCommand(String program, Duration timeout, int maxOutputBytes) {
    this.program = program;
    this.timeout = timeout;
    this.maxOutputBytes = maxOutputBytes;
  }

  /** A run of {@code conntrack -S} that failed; {@link #reason()} is the metrics label. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;
    private final String reason;

    Failure(String reason, String message) {
      super(message);
      this.reason = reason;
    }

    String reason() {
      return reason;
    }
  }

  /** The program as configured. */
  String program() {
    return program;
  }

  /**
   * Runs the program once and parses its output.
   *
   * @throws Failure when it cannot start, times out, exits with a status other than 0 or prints no counters
   */
  ConntrackStats.Parsed run() throws Failure, InterruptedException {
    Process p;
    try {
      // stderr joins stdout: its first line explains a failure, and the parser ignores lines without cpu=
      p = new ProcessBuilder(program, "-S").redirectErrorStream(true).redirectInput(NO_INPUT).start();
    } catch (IOException e) {
      throw new Failure(NOT_STARTED, "cannot run " + program + ": " + e.getMessage());
    }
    // A thread reads the pipe so that a program that prints nothing and never ends cannot block past the timeout.
    FutureTask<byte[]> reading = new FutureTask<>(() -> readAtMost(p.getInputStream(), maxOutputBytes + 1));
    Thread reader = new Thread(reading, "ship-conntrack-stats");
    reader.setDaemon(true);
    reader.start();
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      byte[] out = reading.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (out.length > maxOutputBytes) {
        throw new Failure(BAD_OUTPUT, program + " -S printed more than " + maxOutputBytes + " bytes");
      }
      if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        throw new Failure(TIMEOUT, program + " -S did not exit within " + timeout);
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new Failure(EXIT_STATUS, program + " -S exited with " + p.exitValue() + ": " + firstLine(text));
      }
      ConntrackStats.Parsed parsed = ConntrackStats.parseConntrackS(text);
      if (parsed.cpuRows() == 0) {
        throw new Failure(BAD_OUTPUT, program + " -S printed no per-CPU counters: " + firstLine(text));
      }
      return parsed;
    } catch (TimeoutException e) {
      throw new Failure(TIMEOUT, program + " -S did not finish within " + timeout);
    } catch (ExecutionException e) {
      throw new Failure(BAD_OUTPUT, "reading the output of " + program + " -S failed: " + e.getCause());
    } finally {
      if (p.isAlive()) {
        // A script's children (a hanging sleep) would keep the pipe open: end them too.
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    }
  }

  /** Reads until the end of the stream or {@code limit} bytes, whichever comes first. */
  private static byte[] readAtMost(InputStream in, int limit) throws IOException {
    try (in) {
      return in.readNBytes(limit);
    }
  }

  private static String firstLine(String text) {
    String t = text.strip();
    int nl = t.indexOf('\n');
    String line = nl < 0 ? t : t.substring(0, nl).strip();
    return line.isEmpty() ? "(no output)" : line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
