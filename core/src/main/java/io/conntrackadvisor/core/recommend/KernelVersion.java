package io.conntrackadvisor.core.recommend;

/** Compares {@code uname -r} strings such as {@code 6.1.0-28-amd64} or {@code 5.15.0-1111-azure}. */
final class KernelVersion {
  private KernelVersion() {
  }

  /** True when the release is at least major.minor; false when unknown or unparseable. */
  static boolean atLeast(String release, int major, int minor) {
    if (release == null) {
      return false;
    }
    String[] parts = release.split("[.-]");
    try {
      int ma = Integer.parseInt(parts[0]);
      int mi = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
      return ma > major || (ma == major && mi >= minor);
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
