package io.conntrackadvisor.sink;

/** A record that must not reach any output; counted under its {@link RejectReason} and logged. */
public final class RecordRejectedException extends Exception {
  private final RejectReason reason;

  public RecordRejectedException(RejectReason reason, String detail) {
    super(detail);
    this.reason = reason;
  }

  RejectReason reason() {
    return reason;
  }
}
