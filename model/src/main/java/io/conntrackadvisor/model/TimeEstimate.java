package io.conntrackadvisor.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where the time of a kernel line without a time stamp of its own came from (a pasted line whose syslog prefix was
 * cut off, bare {@code printk} text): findings built on such lines carry it, so that a reader knows the time is
 * estimated. Ordered from the closest estimate to the loosest.
 */
public enum TimeEstimate {
  /** The time of the nearest line before it in the same input that had a stamp. */
  @JsonProperty("preceding-line") PRECEDING_LINE("the stamped line before it"),
  /** The modification time of the file it was read from (no stamped line before it). */
  @JsonProperty("file-mtime") FILE_MTIME("the file's modification time"),
  /** The time it was read (standard input, or a live source). */
  @JsonProperty("read-time") READ_TIME("the time it was read");

  private final String description;

  TimeEstimate(String description) {
    this.description = description;
  }

  /** The wire name. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /** What the time was taken from, for people. */
  public String description() {
    return description;
  }
}
