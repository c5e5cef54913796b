package io.conntrackadvisor.core.parse;

import java.util.Locale;

/** Why a line produced no message; each is counted and shown in summaries. */
public enum SkipReason {
  /** Blank line. */
  EMPTY,
  /** Matches no known log format. */
  UNRECOGNIZED_FORMAT,
  /** The timestamp could not be read. */
  BAD_TIMESTAMP,
  /** No host in the line and no default host given. */
  NO_HOST,
  /** A journal JSON line that is not valid JSON or lacks required fields. */
  BAD_JSON;

  /** Kebab-case name for summaries and metrics. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
