package io.conntrackadvisor.model;

/** Names of the cumulative counters in {@link ConntrackSample#stats()} (camelCase forms of the kernel's columns). */
public final class StatNames {
  /** Packets dropped because the table was full. */
  public static final String DROP = "drop";
  /** Unassured entries evicted to make room (table nearly full). */
  public static final String EARLY_DROP = "earlyDrop";
  /** Entries that could not be inserted (clash races, chains too long). */
  public static final String INSERT_FAILED = "insertFailed";
  /** Packets conntrack could not track. */
  public static final String INVALID = "invalid";
  /** Lookups restarted because of a concurrent resize. */
  public static final String SEARCH_RESTART = "searchRestart";
  /** Lookups that found an entry. */
  public static final String FOUND = "found";
  /** Entries inserted. */
  public static final String INSERT = "insert";
  /** Clashes resolved without a drop. */
  public static final String CLASH_RESOLVE = "clashResolve";
  /** Inserts refused because a hash chain was too long (5.15+). */
  public static final String CHAIN_TOO_LONG = "chainTooLong";

  private StatNames() {
  }
}
