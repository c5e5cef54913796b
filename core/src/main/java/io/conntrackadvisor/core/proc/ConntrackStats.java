package io.conntrackadvisor.core.proc;

import io.conntrackadvisor.model.StatNames;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parses conntrack's cumulative counters in the two forms the kernel offers: {@code /proc/net/stat/nf_conntrack}
 * (a header of column names, then one row of hexadecimal counters per CPU) and {@code conntrack -S} (one line per
 * CPU of {@code name=value} pairs, for kernels built without conntrack procfs). Columns are found by header name
 * because the set differs between kernels; per-CPU values are summed, {@code entries} (global) is skipped.
 */
public final class ConntrackStats {
  private static final Map<String, String> NAMES = Map.ofEntries(
      Map.entry("drop", StatNames.DROP),
      Map.entry("early_drop", StatNames.EARLY_DROP),
      Map.entry("insert_failed", StatNames.INSERT_FAILED),
      Map.entry("invalid", StatNames.INVALID),
      Map.entry("search_restart", StatNames.SEARCH_RESTART),
      Map.entry("found", StatNames.FOUND),
      Map.entry("insert", StatNames.INSERT),
      Map.entry("clash_resolve", StatNames.CLASH_RESOLVE),
      Map.entry("clashres", StatNames.CLASH_RESOLVE),
      Map.entry("chaintoolong", StatNames.CHAIN_TOO_LONG),
      Map.entry("chainlength", StatNames.CHAIN_TOO_LONG));

  private ConntrackStats() {
  }

  /** Parsed counters plus the {@code entries} column (global count; null when absent). */
  public record Parsed(Map<String, Long> stats, Long entries, int cpuRows) {
  }

  /** Parses {@code /proc/net/stat/nf_conntrack} text. Malformed rows are skipped. */
  public static Parsed parseProcStat(String text) {
    String[] lines = text.split("\n");
    Map<String, Long> out = new TreeMap<>();
    if (lines.length == 0) {
      return new Parsed(out, null, 0);
    }
    String[] header = lines[0].trim().split("\\s+");
    Long entries = null;
    int rows = 0;
    for (int li = 1; li < lines.length; li++) {
      String[] cells = lines[li].trim().split("\\s+");
      if (cells.length != header.length) {
        continue;
      }
      rows++;
      for (int i = 0; i < header.length; i++) {
        Long v = parseHex(cells[i]);
        if (v == null) {
          continue;
        }
        String col = header[i].toLowerCase(Locale.ROOT);
        if ("entries".equals(col)) {
          entries = v;
        } else if (NAMES.containsKey(col)) {
          out.merge(NAMES.get(col), v, Long::sum);
        }
      }
    }
    return new Parsed(out, entries, rows);
  }

  /** Parses {@code conntrack -S} output ({@code cpu=0 found=1 ... drop=2 ...}), summing over CPUs. */
  public static Parsed parseConntrackS(String text) {
    Map<String, Long> out = new TreeMap<>();
    int rows = 0;
    for (String line : text.split("\n")) {
      if (!line.contains("cpu=")) {
        continue;
      }
      rows++;
      for (String pair : line.trim().split("\\s+")) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          continue;
        }
        String name = NAMES.get(pair.substring(0, eq).toLowerCase(Locale.ROOT));
        Long v = parseDec(pair.substring(eq + 1));
        if (name != null && v != null) {
          out.merge(name, v, Long::sum);
        }
      }
    }
    return new Parsed(out, null, rows);
  }

  private static Long parseHex(String s) {
    try {
      return Long.parseUnsignedLong(s, 16);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Long parseDec(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
