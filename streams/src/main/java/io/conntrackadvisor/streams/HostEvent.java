package io.conntrackadvisor.streams;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.KernelMessage;
import java.time.Instant;

/**
 * One input of a host's detector: a kernel message or a conntrack sample. The two input topics merge into one
 * stream of these so that a single processor owns each host's state; it is also the value of the internal
 * re-keying topic.
 *
 * @param message the kernel message, or null
 * @param sample  the sample, or null
 */
public record HostEvent(KernelMessage message, ConntrackSample sample) {
  /**
   * What the source of a shared log topic reads from another program's record: counted there, dropped by the
   * router, and no time of its own (it must not move stream time).
   */
  static final HostEvent SKIPPED =
      new HostEvent(new KernelMessage("-", Instant.EPOCH, null, null, null, null, null, null, "", null), null);

  public HostEvent {
    if ((message == null) == (sample == null)) {
      throw new IllegalArgumentException("exactly one of message and sample");
    }
  }

  /** Wraps a message. */
  public static HostEvent of(KernelMessage m) {
    return new HostEvent(m, null);
  }

  /** Wraps a sample. */
  public static HostEvent of(ConntrackSample s) {
    return new HostEvent(null, s);
  }

  /** The host the value names. */
  @JsonIgnore
  public String host() {
    return message != null ? message.host() : sample.host();
  }

  /** The event time the value carries. */
  @JsonIgnore
  public Instant timestamp() {
    return message != null ? message.timestamp() : sample.timestamp();
  }
}
