package io.conntrackadvisor.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Utilization level of a host's table. */
public enum SaturationLevel {
  /** Below the warning threshold. */
  @JsonProperty("ok") OK,
  /** At or above the warning threshold (default 75 %). */
  @JsonProperty("warning") WARNING,
  /** At or above the critical threshold (default 90 %). */
  @JsonProperty("critical") CRITICAL;

  /** The lower-case wire name. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
