package io.conntrackadvisor.core.recommend;

/** Full names of the sysctls the recommendations speak of. */
public final class Sysctls {
  /** The table's limit. */
  public static final String MAX = "net.netfilter.nf_conntrack_max";
  /** The hash table size (writable only from the initial network namespace). */
  public static final String BUCKETS = "net.netfilter.nf_conntrack_buckets";
  /** Idle timeout of established TCP connections. */
  public static final String TCP_ESTABLISHED = "net.netfilter.nf_conntrack_tcp_timeout_established";
  /** TIME_WAIT timeout. */
  public static final String TCP_TIME_WAIT = "net.netfilter.nf_conntrack_tcp_timeout_time_wait";
  /** CLOSE_WAIT timeout. */
  public static final String TCP_CLOSE_WAIT = "net.netfilter.nf_conntrack_tcp_timeout_close_wait";
  /** FIN_WAIT timeout. */
  public static final String TCP_FIN_WAIT = "net.netfilter.nf_conntrack_tcp_timeout_fin_wait";
  /** Timeout of one-way UDP flows (one packet each way or fewer, e.g. DNS). */
  public static final String UDP = "net.netfilter.nf_conntrack_udp_timeout";
  /** Timeout of UDP flows that saw traffic both ways repeatedly. */
  public static final String UDP_STREAM = "net.netfilter.nf_conntrack_udp_timeout_stream";

  private Sysctls() {
  }
}
