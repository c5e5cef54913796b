package io.conntrackadvisor.core.proc;

import io.conntrackadvisor.model.NamespaceUsage;
import io.conntrackadvisor.model.StatNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Conntrack use per network namespace. The table's limit is global, but the kernel counts entries per namespace:
 * each namespace's own {@code /proc/<pid>/net/stat/nf_conntrack} has its {@code entries} and drop counters.
 * Enumerating namespaces (reading {@code /proc/<pid>/ns/net} of every process) is the costly part, so it is
 * cached by namespace inode and redone only every {@code rescanInterval} or when a cached process is gone; a
 * sample then costs one small read per namespace.
 */
public final class NamespaceScanner {
  private final Path proc;
  private final Duration rescanInterval;
  private final int maxProcessNames;
  private Map<Long, Owner> owners = new TreeMap<>();
  private Instant lastRescan;
  private long rescans;

  /** Processes to read a namespace's table through (a few, in case one exits), and who lives there. */
  private record Owner(long netns, int[] pids, CgroupOwner cgroup, List<String> processes) {
  }

  /** Processes remembered per namespace to read its stat file through. */
  private static final int PIDS_PER_NAMESPACE = 4;
  /**
   * Processes per namespace, oldest first, whose cgroup and name are read to tell who owns it: a container's first
   * process (its init or pause process) names the container; the host's own namespace, with every process of the
   * host and no container, would otherwise cost two reads per process at every rescan.
   */
  private static final int OWNER_LOOKUPS = 16;

  public NamespaceScanner(Path proc, Duration rescanInterval, int maxProcessNames) {
    this.proc = proc;
    this.rescanInterval = rescanInterval;
    this.maxProcessNames = maxProcessNames;
  }

  /** How many full enumerations ran (for metrics and tests). */
  public long rescans() {
    return rescans;
  }

  /** Every namespace with a conntrack table, biggest first. */
  public List<NamespaceUsage> scan(Instant now) throws IOException {
    if (lastRescan == null || !now.isBefore(lastRescan.plus(rescanInterval))) {
      rescan();
      lastRescan = now;
    }
    List<NamespaceUsage> out = new ArrayList<>();
    boolean stale = false;
    for (Owner o : owners.values()) {
      String stat = null;
      for (int i = 0; i < o.pids.length && stat == null; i++) {
        stat = read(proc.resolve(o.pids[i] + "/net/stat/nf_conntrack"));
        // a process that left (or moved) is replaced at the next rescan
        stale |= stat == null;
      }
      if (stat == null) {
        continue;
      }
      ConntrackStats.Parsed p = ConntrackStats.parseProcStat(stat);
      if (p.entries() == null) {
        continue;
      }
      out.add(new NamespaceUsage(o.netns, p.entries(), p.stats().get(StatNames.DROP),
          p.stats().get(StatNames.EARLY_DROP), p.stats().get(StatNames.INSERT_FAILED), o.cgroup.container(),
          o.cgroup.pod(), o.processes));
    }
    if (stale) {
      lastRescan = null;
    }
    out.sort(Comparator.comparingLong(NamespaceUsage::count).reversed()
        .thenComparingLong(NamespaceUsage::netns));
    return out;
  }

  private void rescan() throws IOException {
    rescans++;
    Map<Long, List<Integer>> pidsByNs = new HashMap<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(proc)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (!isPid(name)) {
          continue;
        }
        Long ns = netnsOf(p);
        if (ns != null) {
          pidsByNs.computeIfAbsent(ns, k -> new ArrayList<>()).add(Integer.parseInt(name));
        }
      }
    }
    Map<Long, Owner> next = new TreeMap<>();
    for (Map.Entry<Long, List<Integer>> e : pidsByNs.entrySet()) {
      List<Integer> pids = e.getValue();
      pids.sort(Integer::compare);
      CgroupOwner cg = CgroupOwner.NONE;
      Set<String> names = new LinkedHashSet<>();
      for (int pid : pids.subList(0, Math.min(pids.size(), OWNER_LOOKUPS))) {
        if (cg == CgroupOwner.NONE) {
          String cgroup = read(proc.resolve(pid + "/cgroup"));
          cg = cgroup == null ? CgroupOwner.NONE : CgroupOwner.parse(cgroup);
        }
        if (names.size() < maxProcessNames) {
          String comm = read(proc.resolve(pid + "/comm"));
          if (comm != null && !comm.isBlank()) {
            names.add(comm.strip());
          }
        }
        if (cg != CgroupOwner.NONE && names.size() >= maxProcessNames) {
          break;
        }
      }
      int[] some = pids.stream().limit(PIDS_PER_NAMESPACE).mapToInt(Integer::intValue).toArray();
      next.put(e.getKey(), new Owner(e.getKey(), some, cg, List.copyOf(names)));
    }
    owners = next;
  }

  /** The inode of {@code net:[4026532177]}, or null when the process is gone or not ours to read. */
  static Long netnsOf(Path pidDir) {
    try {
      String link = Files.readSymbolicLink(pidDir.resolve("ns/net")).toString();
      int open = link.indexOf('[');
      int close = link.indexOf(']');
      return link.startsWith("net:") && open > 0 && close > open ? Long.parseLong(link.substring(open + 1, close))
          : null;
    } catch (IOException | NumberFormatException | UnsupportedOperationException e) {
      return null;
    }
  }

  private static boolean isPid(String name) {
    return !name.isEmpty() && name.length() <= 10 && name.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.ISO_8859_1);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
