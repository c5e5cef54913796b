package io.conntrackadvisor.core.analyze;

import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.Json;
import io.conntrackadvisor.model.StatNames;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads conntrack samples from a file: {@code ConntrackSample} JSON lines, or CSV with the header
 * {@code timestamp,host,count,max[,drops]} (drops = the cumulative drop counter). Bad lines are counted and skipped.
 */
public final class SampleReader {
  private SampleReader() {
  }

  /** Reads every sample of one file. */
  public static List<ConntrackSample> read(BufferedReader r, ScanStats stats) throws IOException {
    List<ConntrackSample> out = new ArrayList<>();
    String first = r.readLine();
    if (first == null) {
      return out;
    }
    String head = first.strip();
    if (head.startsWith("{")) {
      for (String line = head; line != null; line = r.readLine()) {
        if (!line.isBlank()) {
          json(line, out, stats);
        }
      }
      return out;
    }
    List<String> cols = Arrays.stream(head.toLowerCase(Locale.ROOT).split(",")).map(String::trim).toList();
    int ti = cols.indexOf("timestamp");
    int hi = cols.indexOf("host");
    int ci = cols.indexOf("count");
    int mi = cols.indexOf("max");
    int di = cols.indexOf("drops");
    if (ti < 0 || hi < 0 || ci < 0 || mi < 0) {
      throw new IOException("not a sample file: expected JSON lines or a CSV header timestamp,host,count,max[,drops]"
          + ", got '" + (head.length() > 60 ? head.substring(0, 60) + "..." : head) + "'");
    }
    String line;
    while ((line = r.readLine()) != null) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split(",", -1);
      try {
        Map<String, Long> stats2 = di >= 0 && di < f.length && !f[di].isBlank()
            ? Map.of(StatNames.DROP, Long.parseLong(f[di].trim())) : null;
        out.add(new ConntrackSample(f[hi].trim(), Instant.parse(f[ti].trim()), Long.parseLong(f[ci].trim()),
            Long.parseLong(f[mi].trim()), null, null, null, null, stats2, null, null));
      } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException | DateTimeParseException
          | NullPointerException e) {
        stats.badSampleLines++;
      }
    }
    return out;
  }

  private static void json(String line, List<ConntrackSample> out, ScanStats stats) {
    try {
      out.add(Json.read(line, ConntrackSample.class));
    } catch (IOException | RuntimeException e) {
      stats.badSampleLines++;
    }
  }
}
