package io.conntrackadvisor.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A memory cgroup that a test makes for the processes it starts, as a child of the test's own cgroup, with a memory
 * limit (cgroup v1 {@code memory.limit_in_bytes} or v2 {@code memory.max}), and removes when it is done. Nothing
 * outside it is changed.
 */
final class MemoryCgroup implements AutoCloseable {
  private static final Path V1 = Path.of("/sys/fs/cgroup/memory");
  private static final Path V2 = Path.of("/sys/fs/cgroup");

  private final Path dir;
  private final boolean v2;

  private MemoryCgroup(Path dir, boolean v2) {
    this.dir = dir;
    this.v2 = v2;
  }

  /** Whether this machine lets the test make one: a writable v1 memory hierarchy, or v2 with the memory controller. */
  static String unavailableReason() {
    try {
      Path parent = parent();
      return Files.isWritable(parent) ? null : parent + " is not writable (run as root)";
    } catch (IOException e) {
      return "no memory cgroup: " + e.getMessage();
    }
  }

  /** Makes the cgroup {@code name} with at most {@code limitBytes} of memory (and no swap). */
  static MemoryCgroup create(String name, long limitBytes) throws IOException {
    Path parent = parent();
    boolean v2 = !parent.startsWith(V1);
    MemoryCgroup g = new MemoryCgroup(Files.createDirectory(parent.resolve(name)), v2);
    if (v2) {
      g.write("memory.max", limitBytes);
      g.write("memory.swap.max", 0);
    } else {
      g.write("memory.limit_in_bytes", limitBytes);
    }
    return g;
  }

  /** A command prefix that moves the shell into this cgroup, then executes its arguments in place. */
  List<String> launch() {
    return List.of("sh", "-c", "echo $$ > '" + dir.resolve("cgroup.procs") + "' && exec \"$@\"", "sh");
  }

  /** The most memory the cgroup used at once (page cache included). */
  long peakBytes() throws IOException {
    return read(v2 ? "memory.peak" : "memory.max_usage_in_bytes");
  }

  /** How often the kernel's OOM killer killed a process of the cgroup. */
  long oomKills() throws IOException {
    String text = Files.readString(dir.resolve(v2 ? "memory.events" : "memory.oom_control"), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("(?m)^oom_kill (\\d+)$").matcher(text);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  /** Anonymous (non-file) memory the cgroup holds now: what no reclaim can free. */
  long anonBytes() throws IOException {
    String text = Files.readString(dir.resolve("memory.stat"), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("(?m)^(?:total_rss|anon) (\\d+)$").matcher(text);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  /** Removes the cgroup; its processes must have ended. */
  @Override
  public void close() throws IOException, InterruptedException {
    for (int i = 0; ; i++) {
      try {
        Files.deleteIfExists(dir);
        return;
      } catch (IOException e) {
        if (i == 50) {
          throw e; // a process still runs in it
        }
        Thread.sleep(100);
      }
    }
  }

  private void write(String file, long value) throws IOException {
    Files.writeString(dir.resolve(file), Long.toString(value), StandardCharsets.US_ASCII);
  }

  private long read(String file) throws IOException {
    return Long.parseLong(Files.readString(dir.resolve(file), StandardCharsets.US_ASCII).strip());
  }

  /** The test's own memory cgroup, where the mount shows it; else the hierarchy's root as mounted. */
  private static Path parent() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("/proc/self/cgroup"), StandardCharsets.UTF_8);
    if (Files.isDirectory(V1)) {
      for (String l : lines) {
        String[] f = l.split(":", 3);
        if (f.length == 3 && List.of(f[1].split(",")).contains("memory")) {
          Path own = V1.resolve(f[2].substring(1));
          return Files.isDirectory(own) ? own : V1;
        }
      }
    }
    String controllers = Files.exists(V2.resolve("cgroup.controllers"))
        ? Files.readString(V2.resolve("cgroup.controllers"), StandardCharsets.US_ASCII) : "";
    if (!controllers.contains("memory")) {
      throw new IOException("neither a cgroup v1 memory hierarchy nor cgroup v2 with the memory controller");
    }
    // v2 allows processes only in leaves with the controller enabled by their parent: the root's children qualify
    return V2;
  }
}
