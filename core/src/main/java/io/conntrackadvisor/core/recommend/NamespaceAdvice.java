package io.conntrackadvisor.core.recommend;

import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.NamespaceUsage;
import io.conntrackadvisor.model.TopNamespace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Who fills the table: the biggest network namespaces and their owners, namespaces full on their own versus a
 * host full overall, and the owner of the namespace the kernel named in its drop messages.
 */
final class NamespaceAdvice {
  /** Namespaces named in the top-consumers sentence. */
  static final int TOP = 3;
  /** Namespaces in the structured {@code topNamespaces} of a recommendation. */
  static final int TOP_TABLE = 5;

  private NamespaceAdvice() {
  }

  /**
   * The {@link #TOP_TABLE} namespaces holding most entries, biggest first (ties by inode, so equal samples give equal
   * lists); null when the sample has no per-namespace breakdown. Empty namespaces are left out.
   */
  static List<TopNamespace> top(ConntrackSample s) {
    List<NamespaceUsage> ns = s.namespaces();
    if (ns == null) {
      return null;
    }
    return ns.stream().filter(u -> u.count() > 0)
        .sorted(Comparator.comparingLong(NamespaceUsage::count).reversed()
            .thenComparingLong(NamespaceUsage::netns))
        .limit(TOP_TABLE).map(u -> TopNamespace.of(u, s.max())).toList();
  }

  static List<String> reasons(ConntrackSample s, Long burstNetns) {
    List<String> out = new ArrayList<>();
    List<NamespaceUsage> ns = s.namespaces();
    if (ns == null || ns.isEmpty()) {
      return out;
    }
    List<String> top = new ArrayList<>();
    for (NamespaceUsage u : ns) {
      if (top.size() < TOP && u.count() > 0) {
        top.add(Text.format("netns %d, %s, holds %d of %d entries", u.netns(), u.owner(), u.count(),
            s.max()));
      }
    }
    if (!top.isEmpty()) {
      out.add("Top users of the table: " + String.join("; ", top) + ".");
    }
    for (NamespaceUsage u : ns) {
      if (u.count() >= s.max() && s.count() < s.max()) {
        out.add(Text.format("netns %d is full on its own (%d of %d) while the host's own namespace "
            + "holds %d: the kernel applies nf_conntrack_max to each namespace separately. Raising it lifts the "
            + "limit of every namespace; if this one should not hold that many connections, fix or limit it "
            + "(%s) instead.", u.netns(), u.count(), s.max(), s.count(), u.owner()));
      }
    }
    if (s.count() >= s.max()) {
      out.add(Text.format("The host's own network namespace is full (%d of %d): the whole host is "
          + "affected, not just one container.", s.count(), s.max()));
    }
    if (burstNetns != null) {
      ns.stream().filter(u -> u.netns() == burstNetns).findFirst().ifPresent(u -> out.add(Text.format("The kernel's drop messages name netns %d: %s.", burstNetns, u.owner())));
    }
    return out;
  }
}
