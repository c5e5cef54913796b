package io.conntrackadvisor.model;

import java.util.List;

/**
 * One of the network namespaces that hold most of a host's conntrack entries, as a recommendation reports it: the
 * structured form of the "top users of the table" reason, for outputs that show it as a table.
 *
 * @param netns     namespace inode (as in {@code net:[4026532177]})
 * @param count     entries the namespace held in the sample the advice was made from
 * @param share     {@code count / nf_conntrack_max}: the kernel applies the limit to each namespace on its own, so
 *                  1.0 means this namespace is full (0 when the limit is unknown)
 * @param drop      its cumulative drop counter, when known
 * @param earlyDrop its cumulative early_drop counter, when known
 * @param container short container id from the cgroup path, when known
 * @param pod       Kubernetes pod uid from the cgroup path, when known
 * @param processes distinct process names in the namespace (bounded)
 */
public record TopNamespace(
    long netns,
    long count,
    double share,
    Long drop,
    Long earlyDrop,
    String container,
    String pod,
    List<String> processes) {

  public TopNamespace {
    processes = processes == null ? List.of() : List.copyOf(processes);
  }

  /** The entry for {@code u} in a table limited to {@code max} entries per namespace. */
  public static TopNamespace of(NamespaceUsage u, long max) {
    return new TopNamespace(u.netns(), u.count(), max <= 0 ? 0.0 : (double) u.count() / (double) max, u.drop(),
        u.earlyDrop(), u.container(), u.pod(), u.processes());
  }

  /** Who lives there, in the words of {@link NamespaceUsage#owner()}. */
  public String owner() {
    return new NamespaceUsage(netns, count, drop, earlyDrop, null, container, pod, processes).owner();
  }
}
