package io.conntrackadvisor.ingest.source;

import io.conntrackadvisor.core.parse.JournalEntry;
import io.conntrackadvisor.core.parse.JournalJsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Checks a checkpointed cursor before {@code journalctl --after-cursor} uses it. journalctl does not fail on a
 * well-formed cursor whose entry is gone (another boot's volatile journal, another machine, a vacuumed file): it
 * seeks to the nearest entry and skips one, silently. So the entry at the cursor is printed first and compared.
 */
final class CursorProbe {
  private CursorProbe() {
  }

  /** What the journal says about a cursor. */
  enum Verdict {
    /** The entry is there and matches the source's filter: resume after it. */
    FOUND,
    /** The entry is there but is not one the filter selects (the filter changed): resume at it. */
    FOUND_UNMATCHED,
    /** The journal has no entry with this cursor. */
    NOT_FOUND,
    /** journalctl refused the cursor. */
    REJECTED
  }

  /**
   * A verdict and, for the two failures, what journalctl said.
   *
   * @param verdict the verdict
   * @param detail  an explanation for the log, or null
   */
  record Result(Verdict verdict, String detail) {
  }

  /**
   * Runs the probe.
   *
   * @throws IOException when journalctl could not run, timed out, or failed for another reason than the cursor
   */
  static Result probe(JournalctlCommand command, String cursor, Duration timeout)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("ship-journalctl-probe", ".out");
    Path err = Files.createTempFile("ship-journalctl-probe", ".err");
    try {
      Process p = new ProcessBuilder(command.probe(cursor)).redirectOutput(out.toFile()).redirectError(err.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IOException("journalctl cursor probe did not finish within " + timeout);
      }
      String stderr = firstLine(Files.readString(err, StandardCharsets.UTF_8));
      if (p.exitValue() != 0) {
        if (stderr.toLowerCase(Locale.ROOT).contains("cursor")) {
          return new Result(Verdict.REJECTED, stderr);
        }
        throw new IOException("journalctl cursor probe exited with " + p.exitValue() + ": " + stderr);
      }
      return judge(firstLine(Files.readString(out, StandardCharsets.UTF_8)), cursor, command.all());
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** Compares the probe's first output line with the cursor. */
  static Result judge(String firstLine, String cursor, boolean all) {
    if (firstLine.isBlank()) {
      return new Result(Verdict.NOT_FOUND, "the journal is empty");
    }
    byte[] json = firstLine.getBytes(StandardCharsets.UTF_8);
    JournalEntry entry = JournalJsonParser.read(json, 0, json.length);
    if (entry == null) {
      return new Result(Verdict.NOT_FOUND, "journalctl printed no JSON entry");
    }
    String found = entry.cursor() == null ? "" : entry.cursor();
    if (!cursor.equals(found)) {
      return new Result(Verdict.NOT_FOUND, "the journal has no entry with this cursor (nearest: " + found + ")");
    }
    boolean selected = all || "kernel".equals(entry.transport());
    return new Result(selected ? Verdict.FOUND : Verdict.FOUND_UNMATCHED, null);
  }

  private static String firstLine(String text) {
    int nl = text.indexOf('\n');
    return (nl < 0 ? text : text.substring(0, nl)).trim();
  }
}
