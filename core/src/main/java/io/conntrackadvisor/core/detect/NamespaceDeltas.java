package io.conntrackadvisor.core.detect;

import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.NamespaceUsage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Arithmetic over the per-namespace breakdown of a sample. */
final class NamespaceDeltas {
  private NamespaceDeltas() {
  }

  /**
   * Increases of drop, early_drop and insert_failed summed over the namespaces present in both samples; a
   * namespace whose counter went down (recreated) or that is new contributes nothing.
   */
  static long[] between(List<NamespaceUsage> prev, List<NamespaceUsage> cur) {
    Map<Long, NamespaceUsage> before = new HashMap<>();
    for (NamespaceUsage u : prev) {
      before.put(u.netns(), u);
    }
    long[] d = new long[3];
    for (NamespaceUsage u : cur) {
      NamespaceUsage p = before.get(u.netns());
      if (p != null) {
        d[0] += rise(p.drop(), u.drop());
        d[1] += rise(p.earlyDrop(), u.earlyDrop());
        d[2] += rise(p.insertFailed(), u.insertFailed());
      }
    }
    return d;
  }

  /** Drops counted by all namespaces since they were created. */
  static long totalDrops(List<NamespaceUsage> ns) {
    long n = 0;
    for (NamespaceUsage u : ns) {
      n += u.drop() == null ? 0 : u.drop();
    }
    return n;
  }

  /** The count that matters for the limit: the host's, or a fuller namespace's. */
  static long fullestCount(ConntrackSample s) {
    long c = s.count();
    if (s.namespaces() != null) {
      for (NamespaceUsage u : s.namespaces()) {
        c = Math.max(c, u.count());
      }
    }
    return c;
  }

  private static long rise(Long a, Long b) {
    return a == null || b == null || b < a ? 0 : b - a;
  }
}
