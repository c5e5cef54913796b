package io.conntrackadvisor.model;

import java.util.List;

/**
 * Conntrack use of one network namespace: the kernel counts entries per namespace against the global limit.
 *
 * @param netns        namespace inode (as in {@code net:[4026532177]} and in the kernel's netns drop message)
 * @param count        entries the namespace holds ({@code entries} of its {@code net/stat/nf_conntrack})
 * @param drop         its cumulative drop counter, when known
 * @param earlyDrop    its cumulative early_drop counter, when known
 * @param insertFailed its cumulative insert_failed counter, when known
 * @param container    short container id from the cgroup path (Docker, containerd, CRI-O), when known
 * @param pod          Kubernetes pod uid from the cgroup path, when known
 * @param processes    distinct process names in the namespace (bounded)
 */
public record NamespaceUsage(
    long netns,
    long count,
    Long drop,
    Long earlyDrop,
    Long insertFailed,
    String container,
    String pod,
    List<String> processes) {

  public NamespaceUsage {
    processes = processes == null ? List.of() : List.copyOf(processes);
  }

  /** Who lives there, in words: "container 3f2a1b9c0d4e (pod 5c1d...), processes nginx, sh". */
  public String owner() {
    StringBuilder b = new StringBuilder();
    if (container != null) {
      b.append("container ").append(container);
    }
    if (pod != null) {
      b.append(b.length() > 0 ? " " : "").append("(pod ").append(pod).append(')');
    }
    if (!processes.isEmpty()) {
      b.append(b.length() > 0 ? ", " : "").append("processes ").append(String.join(", ", processes));
    }
    return b.length() == 0 ? "unknown owner" : b.toString();
  }
}
