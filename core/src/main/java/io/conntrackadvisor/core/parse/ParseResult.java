package io.conntrackadvisor.core.parse;

import io.conntrackadvisor.model.KernelMessage;

/**
 * The outcome of parsing one line: a message, or the reason it was skipped.
 *
 * @param message    the parsed message, or null
 * @param skipReason why nothing was parsed, or null
 */
public record ParseResult(KernelMessage message, SkipReason skipReason) {

  /** A parsed message. */
  public static ParseResult of(KernelMessage message) {
    return new ParseResult(message, null);
  }

  /** A skipped line. */
  public static ParseResult skip(SkipReason reason) {
    return new ParseResult(null, reason);
  }

  /** True when a message was parsed. */
  public boolean ok() {
    return message != null;
  }
}
