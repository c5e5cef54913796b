package io.conntrackadvisor.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/** CPU time and peak resident memory of a running process and its children, from {@code /proc}. */
final class ProcStats {
  private ProcStats() {
  }

  /** CPU time (user and system) of the process and every descendant still running. */
  static Duration cpu(ProcessHandle p) {
    return Stream.concat(Stream.of(p), p.descendants())
        .map(h -> h.info().totalCpuDuration().orElse(Duration.ZERO))
        .reduce(Duration.ZERO, Duration::plus);
  }

  /** Peak resident set ({@code VmHWM}) of the process plus that of its running descendants, in MiB. */
  static long peakRssMiB(ProcessHandle p) {
    return Stream.concat(Stream.of(p), p.descendants()).mapToLong(ProcStats::hwmKiB).sum() / 1024;
  }

  private static long hwmKiB(ProcessHandle p) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(p.pid()), "status"),
          StandardCharsets.UTF_8)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.substring(6).replace("kB", "").trim());
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0; // ended meanwhile
    }
    return 0;
  }
}
