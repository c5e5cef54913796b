package io.conntrackadvisor.core.proc;

import io.conntrackadvisor.model.ConntrackSample;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads one {@link ConntrackSample} from a proc root ({@code /proc}, {@code /host/proc} in a container, or a
 * snapshot folder laid out the same way). Files that a kernel lacks are simply absent from the sample. What
 * changes only with hot-plugging or a module load (the CPU count, total memory, the kernel release, which
 * {@code nf_conntrack_*} sysctl files exist) is read at the first sample and again every {@link #FACTS_MAX_AGE}
 * of sample time; on a large host this keeps the sampler from reading {@code cpuinfo} (a kilobyte and a half per
 * CPU, and on some x86 kernels a frequency query sent to every CPU) every 10 s. The table's other settings (its
 * timeouts and switches, some 40 files, changed only by an administrator) are read every {@link #SETTINGS_MAX_AGE};
 * the count, the limit, the hash size and the counters at every sample. The count, limit and hash size are the
 * sample's own fields, not among its {@code sysctls}: a steady host's settings then compare equal from one sample
 * to the next.
 */
public final class ProcReader {
  /** Prefix of the sysctl files read into {@code sysctls}. */
  static final String SYSCTL_DIR = "sys/net/netfilter";

  /** How long the host's fixed facts are kept before a sample reads them again. */
  static final Duration FACTS_MAX_AGE = Duration.ofMinutes(10);

  /** How long the table's settings are kept before a sample reads them again. */
  static final Duration SETTINGS_MAX_AGE = Duration.ofMinutes(1);

  private static final String COUNT = "nf_conntrack_count";
  private static final String MAX = "nf_conntrack_max";
  private static final String BUCKETS = "nf_conntrack_buckets";
  /** The sysctl files whose values are the sample's own fields, read at every sample. */
  private static final List<String> OWN_FIELDS = List.of(COUNT, MAX, BUCKETS);

  private final Path root;
  private Facts facts;
  private Settings settings;

  /** What a sample reads only every {@link #FACTS_MAX_AGE}. */
  private record Facts(Instant read, Long memTotalBytes, Integer cpus, String kernelRelease, List<String> sysctls) {
  }

  /** The settings' values, read every {@link #SETTINGS_MAX_AGE}. */
  private record Settings(Instant read, Map<String, Long> values) {
  }

  public ProcReader(Path root) {
    this.root = root;
  }

  /** Options for the optional state histogram. */
  public record HistogramLimits(long maxLines, long maxMillis) {
    /** Default: at most 2 million entries or 2 seconds. */
    public static final HistogramLimits DEFAULT = new HistogramLimits(2_000_000, 2_000);
  }

  /**
   * Reads a sample. {@code host} overrides the proc root's hostname when not null; {@code histogram} null skips
   * the entry list.
   *
   * @throws IOException when count or max cannot be read (no conntrack on this host, or not a proc root)
   */
  public ConntrackSample read(String host, Instant now, HistogramLimits histogram) throws IOException {
    Long count = readLong(SYSCTL_DIR + "/" + COUNT);
    Long max = readLong(SYSCTL_DIR + "/" + MAX);
    if (max == null) {
      max = readLong("sys/net/" + MAX);
    }
    if (count == null || max == null) {
      throw new NoSuchFileException(root.resolve(SYSCTL_DIR + "/" + COUNT).toString(), null,
          "no conntrack table here (is nf_conntrack loaded, and is this a proc root?)");
    }
    String name = host != null ? host : readTrimmed("sys/kernel/hostname");
    if (name == null) {
      throw new IOException("no host name: pass --host or give a proc root with sys/kernel/hostname");
    }
    Map<String, Long> stats = Map.of();
    Integer statRows = null;
    String statText = readTrimmed("net/stat/nf_conntrack");
    if (statText != null) {
      ConntrackStats.Parsed p = ConntrackStats.parseProcStat(statText);
      stats = p.stats();
      statRows = p.cpuRows();
    }
    Facts f = facts(now);
    Integer cpus = f.cpus();
    if (cpus == null && statRows != null && statRows > 0) {
      cpus = statRows;
    }
    Map<String, Long> states = histogram == null ? null : readStates(histogram);
    return new ConntrackSample(name, now, count, max, readLong(SYSCTL_DIR + "/" + BUCKETS),
        f.memTotalBytes(), cpus, f.kernelRelease(), stats, settings(now, f).values(), states);
  }

  /** The fixed facts, read again when older than {@link #FACTS_MAX_AGE} of sample time. */
  private Facts facts(Instant now) throws IOException {
    Facts f = facts;
    if (f == null || stale(f.read(), now, FACTS_MAX_AGE)) {
      f = new Facts(now, memTotalBytes(), countCpus(), readTrimmed("sys/kernel/osrelease"), sysctlFiles());
      facts = f;
    }
    return f;
  }

  /** The settings, read again when older than {@link #SETTINGS_MAX_AGE} or when the list of files was read again. */
  private Settings settings(Instant now, Facts f) throws IOException {
    Settings s = settings;
    if (s == null || stale(s.read(), now, SETTINGS_MAX_AGE) || s.read().isBefore(f.read())) {
      s = new Settings(now, readSysctls(f.sysctls()));
      settings = s;
    }
    return s;
  }

  /** Whether what was read at {@code read} is too old at {@code now} (or time went back). */
  private static boolean stale(Instant read, Instant now, Duration maxAge) {
    return !now.isBefore(read.plus(maxAge)) || now.isBefore(read);
  }

  /** The {@code nf_conntrack_*} files under {@code sys/net/netfilter} but the sample's own fields, sorted. */
  private List<String> sysctlFiles() throws IOException {
    List<String> out = new ArrayList<>();
    Path dir = root.resolve(SYSCTL_DIR);
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "nf_conntrack_*")) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (Files.isRegularFile(p) && !OWN_FIELDS.contains(name)) {
          out.add(name);
        }
      }
    }
    Collections.sort(out);
    return out;
  }

  /** The numeric value of each of {@code files}, by full sysctl name ({@code net.netfilter.<file>}). */
  private Map<String, Long> readSysctls(List<String> files) throws IOException {
    Map<String, Long> out = new TreeMap<>();
    for (String file : files) {
      Long v = readLong(SYSCTL_DIR + "/" + file);
      if (v != null) {
        out.put("net.netfilter." + file, v);
      }
    }
    return out;
  }

  private Map<String, Long> readStates(HistogramLimits limits) throws IOException {
    Path p = root.resolve("net/nf_conntrack");
    if (!Files.isReadable(p)) {
      return null;
    }
    try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.ISO_8859_1)) {
      return StateHistogram.read(r, limits.maxLines(), System.nanoTime() + limits.maxMillis() * 1_000_000L);
    }
  }

  private Long memTotalBytes() throws IOException {
    String meminfo = readTrimmed("meminfo");
    if (meminfo == null) {
      return null;
    }
    for (String line : meminfo.split("\n")) {
      if (line.startsWith("MemTotal:")) {
        Long kb = firstNumber(line.substring(9).trim());
        return kb == null ? null : kb * 1024L;
      }
    }
    return null;
  }

  private Integer countCpus() throws IOException {
    String cpuinfo = readTrimmed("cpuinfo");
    if (cpuinfo == null) {
      return null;
    }
    int n = (int) Arrays.stream(cpuinfo.split("\n")).filter(line -> line.startsWith("processor")).count();
    return n == 0 ? null : n;
  }

  private Long readLong(String rel) throws IOException {
    String s = readTrimmed(rel);
    return s == null ? null : firstNumber(s);
  }

  /** The number that {@code s} starts with, up to the first white space; null when it is not one. */
  private static Long firstNumber(String s) {
    try {
      return Long.parseLong(s.split("\\s+")[0]);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private String readTrimmed(String rel) throws IOException {
    Path p = root.resolve(rel);
    // Procfs files report size 0 and sysctls answer only a read at offset 0: Files.readString would read one byte,
    // then nothing at offset 1. One large read from a stream gets the whole value.
    try (java.io.InputStream in = Files.newInputStream(p)) {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).strip();
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      if (!Files.exists(p)) {
        return null;
      }
      throw e;
    }
  }
}
