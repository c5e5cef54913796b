package io.conntrackadvisor.sink;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides whether a host name from the network may name a folder under the output folder. Only DNS-style names
 * pass (labels of letters, digits, {@code -} and {@code _}, separated by single dots), so {@code ..}, {@code /},
 * NUL, control characters and leading dots or dashes never reach a path.
 */
final class HostNames {
  /** Longest accepted name in bytes, as DNS allows. */
  static final int MAX_BYTES = 253;
  private static final Pattern NAME =
      Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,62}(\\.[A-Za-z0-9_][A-Za-z0-9_-]{0,62})*");
  /** Names the sink itself uses at the top of the output folder. */
  private static final Set<String> RESERVED = Set.of(OutputDirectory.REPORT_FILE);

  private HostNames() {
  }

  /** The name, when it is safe as one path segment under the output folder. */
  static String check(String host) throws RecordRejectedException {
    if (host == null || host.isEmpty()) {
      throw new RecordRejectedException(RejectReason.HOST_NAME, "empty host name");
    }
    if (host.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw new RecordRejectedException(RejectReason.HOST_NAME, "host name longer than " + MAX_BYTES + " bytes");
    }
    if (!NAME.matcher(host).matches()) {
      throw new RecordRejectedException(RejectReason.HOST_NAME, "not a host name: '" + PlainText.forLog(host) + "'");
    }
    if (RESERVED.contains(host)) {
      throw new RecordRejectedException(RejectReason.HOST_NAME, "reserved name: '" + host + "'");
    }
    return host;
  }
}
