package io.conntrackadvisor.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.conntrackadvisor.ingest.source.JournalctlCommand;
import io.conntrackadvisor.model.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Real journal files for the integration tests: journal export format turned into {@code .journal} files by
 * {@code systemd-journal-remote}, and read back with the real {@code journalctl}.
 */
final class JournalFiles {
  /** The {@code systemd-journal-remote} binary (Debian package {@code systemd-journal-remote}). */
  static final String REMOTE = System.getProperty("journal.remote", "/lib/systemd/systemd-journal-remote");
  /** The {@code journalctl} binary. */
  static final String JOURNALCTL = System.getProperty("journalctl", "journalctl");

  private JournalFiles() {
  }

  /** Writes {@code dir/name.journal} from export-format bytes. */
  static Path write(Path dir, String name, byte[] export) throws IOException, InterruptedException {
    Path input = Files.createTempFile(dir.getParent(), name, ".export");
    Files.write(input, export);
    Path journal = dir.resolve(name + ".journal");
    Process p = new ProcessBuilder(REMOTE, "--output=" + journal, "-").redirectInput(input.toFile())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(REMOTE + " failed for " + journal);
    }
    Files.delete(input);
    return journal;
  }

  /** The entries {@code journalctl -o json} prints for the folder, kernel ones only when asked. */
  static List<JsonNode> entries(Path dir, boolean kernelOnly) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of(JOURNALCTL, "--directory=" + dir, "--output=json", "--no-pager"));
    if (kernelOnly) {
      argv.add(JournalctlCommand.KERNEL_MATCH);
    }
    Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] out = p.getInputStream().readAllBytes();
    p.waitFor(30, TimeUnit.SECONDS);
    List<JsonNode> entries = new ArrayList<>();
    for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        entries.add(Json.mapper().readTree(line));
      }
    }
    return entries;
  }

  /** The cursors of those entries, in journal order. */
  static List<String> cursors(Path dir) throws IOException, InterruptedException {
    return entries(dir, true).stream().map(e -> e.path("__CURSOR").asText()).toList();
  }

  /**
   * The export with every entry moved later by {@code shift} (wall clock and monotonic clock, so that journalctl
   * orders it after the original) and {@code tag} put before every text {@code MESSAGE}.
   */
  static byte[] shifted(byte[] export, Duration shift, String tag) {
    long micros = shift.toNanos() / 1000;
    return rewrite(export, field -> {
      if (field.startsWith("__REALTIME_TIMESTAMP=") || field.startsWith("__MONOTONIC_TIMESTAMP=")) {
        int eq = field.indexOf('=');
        return field.substring(0, eq + 1) + (Long.parseLong(field.substring(eq + 1)) + micros);
      }
      return field.startsWith("MESSAGE=") ? "MESSAGE=" + tag + field.substring(8) : field;
    });
  }

  /** An export of {@code n} entries across {@code hosts}; every tenth is a syslog entry, the rest kernel ones. */
  static byte[] generated(int n, List<String> hosts, long startMicros) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      boolean kernel = i % 10 != 9;
      b.append("__REALTIME_TIMESTAMP=").append(startMicros + i * 1000L).append('\n')
          .append("__MONOTONIC_TIMESTAMP=").append(1_000_000L + i * 1000L).append('\n')
          .append("_BOOT_ID=3f8c0a9be21d4f5c9a1b7e6d5c4b3a29\n")
          .append("_HOSTNAME=").append(hosts.get(i % hosts.size())).append('\n')
          .append("_TRANSPORT=").append(kernel ? "kernel" : "syslog").append('\n')
          .append("PRIORITY=4\nSYSLOG_FACILITY=0\n")
          .append("SYSLOG_IDENTIFIER=").append(kernel ? "kernel" : "kubelet").append('\n')
          .append("MESSAGE=seq=").append(i).append(" nf_conntrack: table full, dropping packet\n\n");
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Applies {@code textField} to every text field of an export; binary fields are copied as they are. */
  private static byte[] rewrite(byte[] export, UnaryOperator<String> textField) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < export.length) {
      int nl = indexOf(export, (byte) '\n', i);
      String line = new String(export, i, nl - i, StandardCharsets.UTF_8);
      if (line.isEmpty() || line.indexOf('=') >= 0) {
        out.writeBytes((line.isEmpty() ? line : textField.apply(line)).getBytes(StandardCharsets.UTF_8));
        out.write('\n');
        i = nl + 1;
      } else {
        // Binary field: name, newline, 64-bit little-endian length, data, newline.
        long len = ByteBuffer.wrap(export, nl + 1, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        int end = nl + 1 + 8 + (int) len + 1;
        out.write(export, i, end - i);
        i = end;
      }
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] b, byte value, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == value) {
        return i;
      }
    }
    return b.length;
  }
}
