package io.conntrackadvisor.sink;

import java.util.Locale;

/** Why a record was not written anywhere; the label of the rejected-records metric. */
enum RejectReason {
  /** The host name could name a path outside the output folder, or is not a host name at all. */
  HOST_NAME,
  /** A setting is not a {@code net.netfilter.nf_conntrack_*} sysctl. */
  SYSCTL_NAME,
  /** A number is not positive, or too large for the kernel's integer settings. */
  VALUE_RANGE,
  /** The full table would take more of the host's RAM than allowed. */
  MEMORY,
  /** The modprobe text is not a single {@code options nf_conntrack hashsize=N} line. */
  MODPROBE,
  /** The bytes are not a valid record of the topic's type (also sent to the dead-letter topic). */
  MALFORMED,
  /** Handling the record failed unexpectedly (a bug); also sent to the dead-letter topic. */
  ERROR;

  /** The metric label value. */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
