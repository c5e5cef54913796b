package io.conntrackadvisor.core.parse;

import io.conntrackadvisor.model.KernelMessage;

/**
 * sysklogd's repetition summary, which early rsyslog versions also wrote ({@code $RepeatedMsgReduction on}):
 * instead of logging the same message again, the daemon writes {@code last message repeated N times} with its own
 * host and time, no tag and no text of the message. Only the line before it, in the same file, says what was
 * repeated. One instance follows one stream of lines in order and turns such a summary after a kernel message into
 * the form rsyslog writes today, {@code message repeated N times: [text]} with the kernel message's host and tag,
 * which {@link KernelEvent#classify} reads as N more of what the text means. Not thread-safe.
 */
public final class Repetitions {
  private static final String LAST = "last message repeated ";

  /** The message of the line before, or null when that line is unknown or was not a kernel message. */
  private KernelMessage previous;

  /**
   * The message to use for the next line of the stream: a repetition summary after a kernel message rewritten as
   * described above, anything else as it is.
   */
  public KernelMessage next(KernelMessage m) {
    if (m.identifier() == null && m.transport() == null && m.message().startsWith(LAST)) {
      long n = KernelEvent.repeatCount(m.message(), LAST);
      if (n > 0 && previous != null) {
        // the message before stays "previous": sysklogd writes one summary per flush interval of a long run
        return new KernelMessage(previous.host(), m.timestamp(), previous.bootId(), previous.priority(),
            previous.facility(), previous.transport(), previous.source(), previous.identifier(),
            "message repeated " + n + " times: [" + previous.message() + "]", m.cursor());
      }
      return m;
    }
    previous = m.fromKernel() ? m : null;
    return m;
  }

  /** Forgets the line before: the next line does not follow it (a line was left out in between). */
  public void reset() {
    previous = null;
  }
}
