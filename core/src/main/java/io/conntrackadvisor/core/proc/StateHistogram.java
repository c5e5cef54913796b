package io.conntrackadvisor.core.proc;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts the entries of {@code /proc/net/nf_conntrack} by TCP state ({@code ESTABLISHED}, {@code TIME_WAIT}, ...),
 * {@code UDP} or {@code OTHER}. Bounded: reading stops after {@code maxLines} lines or when the deadline passes,
 * so a table with millions of entries costs a known amount; the counts are then those of the lines read.
 */
public final class StateHistogram {

  private StateHistogram() {
  }

  /** Counts lines like {@code ipv4 2 tcp 6 431998 ESTABLISHED src=...} by state. */
  public static Map<String, Long> read(BufferedReader reader, long maxLines, long deadlineNanos) throws IOException {
    Map<String, Long> states = new TreeMap<>();
    long n = 0;
    String line;
    while ((line = reader.readLine()) != null && n < maxLines && System.nanoTime() <= deadlineNanos) {
      n++;
      String key = classify(line);
      if (key != null) {
        states.merge(key, 1L, Long::sum);
      }
    }
    return states;
  }

  /** The state of one entry line, or null for a line that is not an entry. */
  static String classify(String line) {
    String[] f = line.trim().split("\\s+", 7);
    if (f.length < 5) {
      return null;
    }
    String proto = f[2];
    if ("tcp".equals(proto)) {
      return f.length > 5 && !f[5].contains("=") ? f[5] : "OTHER";
    }
    if ("udp".equals(proto) || "udplite".equals(proto)) {
      return "UDP";
    }
    return "OTHER";
  }
}
