package io.conntrackadvisor.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** CPU time, resident memory and threads of a running process (and its children), from {@code /proc}. */
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

  /** CPU time (user and system) of the process alone, in seconds; fails when it ended. */
  static double cpuSeconds(long pid) throws IOException {
    return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration())
        .orElseThrow(() -> new IOException("process " + pid + " ended")).toNanos() / 1e9;
  }

  /** Its threads now ({@code /proc/PID/task}). */
  static int threads(long pid) throws IOException {
    try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
      return (int) tasks.count();
    }
  }

  /**
   * CPU time (user and system) of each of its threads now, in clock ticks, by thread name ({@code comm}; threads of
   * the same name added up).
   */
  static Map<String, Long> threadTicks(long pid) throws IOException {
    Map<String, Long> ticks = new TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String stat = Files.readString(task.resolve("stat"), StandardCharsets.UTF_8);
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
        } catch (NoSuchFileException ended) {
          // the thread ended meanwhile
        }
      }
    }
    return ticks;
  }

  /** A KiB figure of {@code /proc/PID/status} ({@code VmRSS}, {@code VmHWM}), 0 when it has none. */
  static long statusKiB(long pid, String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"), StandardCharsets.UTF_8)) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
      }
    }
    return 0;
  }

  private static long hwmKiB(ProcessHandle p) {
    try {
      return statusKiB(p.pid(), "VmHWM");
    } catch (IOException | NumberFormatException e) {
      return 0; // ended meanwhile
    }
  }
}
