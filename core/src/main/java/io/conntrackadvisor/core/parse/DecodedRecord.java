package io.conntrackadvisor.core.parse;

import io.conntrackadvisor.model.KernelMessage;

/**
 * What one record of a log topic (or one line of a dump of it) holds: a kernel message, another program's message
 * (skipped and counted, not an error), or nothing readable (the reason says why).
 *
 * @param outcome which of the three
 * @param message the kernel message, for {@link Outcome#KERNEL}
 * @param reason  why the record is not a kernel message or cannot be read, else null
 */
public record DecodedRecord(Outcome outcome, KernelMessage message, String reason) {
  /** The three kinds of record. */
  public enum Outcome {
    /** A message the kernel wrote. */
    KERNEL,
    /** A message of another program on a shared topic. */
    OTHER,
    /** Not a record of the format (not JSON, no message, no time, no host). */
    UNREADABLE
  }

  static DecodedRecord kernel(KernelMessage m) {
    return new DecodedRecord(Outcome.KERNEL, m, null);
  }

  static DecodedRecord other(String why) {
    return new DecodedRecord(Outcome.OTHER, null, why);
  }

  static DecodedRecord unreadable(String why) {
    return new DecodedRecord(Outcome.UNREADABLE, null, why);
  }
}
