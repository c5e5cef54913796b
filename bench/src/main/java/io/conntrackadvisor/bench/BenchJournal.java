package io.conntrackadvisor.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A journal of the bench's lines, as the kernel's entries journald would store (transport kernel, facility 0, the
 * line's time as the entry's): written in the journal export format and turned into a {@code .journal} file by
 * {@code systemd-journal-remote}.
 */
final class BenchJournal {
  static final Path REMOTE = Path.of("/lib/systemd/systemd-journal-remote");

  private BenchJournal() {
  }

  /** Writes {@code dir/bench.journal} of every line; returns the folder to give journalctl. */
  static Path write(BenchLines lines, Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path export = dir.resolveSibling("journal.export");
    try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(export), 1 << 20)) {
      for (int i = 0; i < lines.size(); i++) {
        BenchLines.Line l = lines.line(i);
        os.write(("__REALTIME_TIMESTAMP=" + l.micros() + "\n__MONOTONIC_TIMESTAMP=" + (1_000_000L + i * 1000L)
            + "\n_BOOT_ID=3f8c0a9be21d4f5c9a1b7e6d5c4b3a29\n_HOSTNAME=" + l.host()
            + "\n_TRANSPORT=kernel\nPRIORITY=4\nSYSLOG_FACILITY=0\nSYSLOG_IDENTIFIER=kernel\nMESSAGE=" + l.message()
            + "\n\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    Process p = new ProcessBuilder(REMOTE.toString(), "--output=" + dir.resolve("bench.journal"), "-")
        .redirectInput(export.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolveSibling("journal-remote.log").toFile()).start();
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IOException(REMOTE + " failed; see " + dir.resolveSibling("journal-remote.log"));
    }
    Files.delete(export);
    return dir;
  }

  /** Whether systemd-journal-remote is installed. */
  static boolean installed() {
    return Files.isExecutable(REMOTE);
  }

  /**
   * Runs {@code journalctl -o OUTPUT} over the folder's kernel entries into /dev/null under {@code /usr/bin/time}.
   *
   * @param output {@code json} (the reference) or {@code export} (what {@code ship} runs)
   * @return seconds, CPU seconds and peak resident MiB
   */
  static double[] readAll(Path dir, String output) throws IOException, InterruptedException {
    Path times = dir.resolveSibling("journalctl-" + output + ".time");
    Process p = new ProcessBuilder(List.of("/usr/bin/time", "-f", "%e %U %S %M", "-o", times.toString(),
        "journalctl", "--directory=" + dir, "-o", output, "--no-pager", "_TRANSPORT=kernel"))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    if (p.waitFor() != 0) {
      throw new IOException("journalctl failed: " + Files.readString(times));
    }
    String[] f = Files.readString(times, StandardCharsets.UTF_8).trim().split("\\s+");
    return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]) + Double.parseDouble(f[2]),
        Double.parseDouble(f[3]) / 1024};
  }
}
