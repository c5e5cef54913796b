package io.conntrackadvisor.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How urgent a recommendation is. */
public enum Severity {
  /** Nothing is wrong; advice only. */
  @JsonProperty("info") INFO,
  /** The table is filling or will fill soon. */
  @JsonProperty("warning") WARNING,
  /** Packets are being dropped or are about to be. */
  @JsonProperty("critical") CRITICAL;

  /** The lower-case wire name. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The more severe of two. */
  public Severity max(Severity other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
