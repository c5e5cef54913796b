package io.conntrackadvisor.core.parse;

import io.conntrackadvisor.model.KernelMessage;

/**
 * The outcome of parsing one line: a message, or the reason it was skipped.
 *
 * @param message    the parsed message, or null
 * @param skipReason why nothing was parsed, or null
 * @param stamped    false when the line had no time of its own: the message then carries the context's
 *                   {@code now}, which a reader of files replaces by an estimate ({@code ship} keeps it: the time
 *                   it read the line)
 */
public record ParseResult(KernelMessage message, SkipReason skipReason, boolean stamped) {

  /** A parsed message. */
  public static ParseResult of(KernelMessage message) {
    return new ParseResult(message, null, true);
  }

  /** A parsed message from a line without a time stamp; its time is the context's {@code now}. */
  public static ParseResult unstamped(KernelMessage message) {
    return new ParseResult(message, null, false);
  }

  /** A skipped line. */
  public static ParseResult skip(SkipReason reason) {
    return new ParseResult(null, reason, true);
  }

  /** True when a message was parsed. */
  public boolean ok() {
    return message != null;
  }
}
