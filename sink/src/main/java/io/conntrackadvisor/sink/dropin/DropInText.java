package io.conntrackadvisor.sink.dropin;

import io.conntrackadvisor.model.DropIns;
import io.conntrackadvisor.sink.ValidRecommendation;

/**
 * The texts of the drop-in files, rendered again by the one renderer ({@link DropIns}) from the values the sink
 * checked, never taken from the record.
 */
public final class DropInText {
  private DropInText() {
  }

  /** The body of {@code /etc/sysctl.d/90-conntrack-advisor.conf}. */
  public static String sysctlConf(ValidRecommendation r) {
    return DropIns.sysctlConf(r.host(), r.timestamp(), r.severity(), r.recommended(), r.reasons(),
        r.current().isEmpty());
  }

  /** The body of {@code /etc/modprobe.d/nf_conntrack.conf}; only for recommendations with a hash size. */
  public static String modprobeConf(ValidRecommendation r) {
    return DropIns.modprobeConf(r.host(), r.hashsize());
  }
}
