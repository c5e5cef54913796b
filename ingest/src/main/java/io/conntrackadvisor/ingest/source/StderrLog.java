package io.conntrackadvisor.ingest.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs what a child process writes on standard error, on a daemon thread so that a full pipe never stalls the
 * child, and keeps the last line for the message when the child exits. At most {@link #MAX_LOGGED} lines per child
 * are logged; a chatty child cannot flood the agent's log.
 */
final class StderrLog {
  static final int MAX_LOGGED = 20;
  private static final Logger LOG = LoggerFactory.getLogger(StderrLog.class);

  private final String name;
  private volatile String last = "";

  private StderrLog(String name) {
    this.name = name;
  }

  /** Starts logging {@code stderr} of the child called {@code name}. */
  static StderrLog start(String name, InputStream stderr) {
    StderrLog log = new StderrLog(name);
    Thread t = new Thread(() -> log.pump(stderr), "ship-" + name + "-stderr");
    t.setDaemon(true);
    t.start();
    return log;
  }

  /** The last line written, or an empty string. */
  String last() {
    return last;
  }

  private void pump(InputStream stderr) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
      int n = 0;
      String line;
      while ((line = r.readLine()) != null) {
        last = line;
        if (++n <= MAX_LOGGED) {
          LOG.warn("{}: {}", name, line);
        }
      }
    } catch (IOException e) {
      LOG.debug("Reading the standard error of {} ended", name, e);
    }
  }
}
