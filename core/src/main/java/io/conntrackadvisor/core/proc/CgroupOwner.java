package io.conntrackadvisor.core.proc;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who a process belongs to, read from {@code /proc/<pid>/cgroup} (v1 lines {@code N:ctrl:/path}, v2 {@code 0::/path}):
 * the container id of Docker ({@code /docker/ID}, {@code docker-ID.scope}), containerd ({@code cri-containerd-ID},
 * {@code /kubepods/.../ID}), CRI-O ({@code crio-ID}), and the Kubernetes pod uid ({@code pod<uid>}, with dashes or,
 * under the systemd driver, underscores).
 *
 * @param container short (12 character) container id, or null
 * @param pod       pod uid with dashes, or null
 */
public record CgroupOwner(String container, String pod) {
  private static final Pattern CONTAINER = Pattern.compile(
      "(?:docker-|cri-containerd-|crio-|containerd-|libpod-|/docker/|/)([0-9a-f]{64})(?:\\.scope)?(?:/|$)");
  private static final Pattern POD = Pattern.compile(
      "pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})");

  /** No container, no pod: the host itself. */
  public static final CgroupOwner NONE = new CgroupOwner(null, null);

  /** Parses the whole cgroup file; the first line naming a container wins. */
  public static CgroupOwner parse(String cgroupFile) {
    String container = null;
    String pod = null;
    for (String line : cgroupFile.split("\n")) {
      int c1 = line.indexOf(':');
      int c2 = c1 < 0 ? -1 : line.indexOf(':', c1 + 1);
      String path = c2 < 0 ? line : line.substring(c2 + 1);
      if (container == null) {
        Matcher m = CONTAINER.matcher(path);
        if (m.find()) {
          container = m.group(1).substring(0, 12);
        }
      }
      if (pod == null) {
        Matcher m = POD.matcher(path.toLowerCase(Locale.ROOT));
        if (m.find()) {
          pod = m.group(1).replace('_', '-');
        }
      }
    }
    return container == null && pod == null ? NONE : new CgroupOwner(container, pod);
  }
}
