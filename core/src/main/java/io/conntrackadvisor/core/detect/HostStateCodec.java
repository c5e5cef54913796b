package io.conntrackadvisor.core.detect;

import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.NamespaceUsage;
import io.conntrackadvisor.model.SaturationLevel;
import java.io.IOException;
import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.TreeMap;

/**
 * A compact binary form of {@link HostState} for the Streams application's state store and its changelog, where a
 * host's state is written on every change: writing it as JSON was a quarter of the stream thread's time. The state
 * is internal (no other program reads it), so it needs no public contract, and this program reads only the form it
 * writes (the first two bytes say which). Every field of the state is written; HostStateCodecTest checks that a
 * decoded state equals the original, field by field (through their JSON), for random states.
 *
 * <p>Numbers are variable-length integers (zig-zag for signed values) and the trend points differences from the
 * point before, so a steady host's point takes about five bytes; the names of the latest sample's counters, sysctls
 * and connection states are written by number ({@link Names}) and its host as a flag (it is the state's host). A
 * host sampled every 10 s keeps about 90 points, and its state, written to the changelog for every record, takes
 * 150-550 bytes. The namespaces' owners may be left out ({@link #encodeWithoutOwners}), for a store of their own.
 */
public final class HostStateCodec {
  /** First byte of the binary form. */
  public static final byte MAGIC = (byte) 0xC7;
  /** The one form this program writes and reads; another byte here is refused. */
  private static final byte FORMAT = 1;
  /** The second byte of {@link #encodeOwners}' bytes: the owners' form. */
  private static final byte OWNERS_FORMAT = 1;

  private HostStateCodec() {
  }

  /** Per thread, the buffer states are written into; it grows to the largest state written. */
  private static final ThreadLocal<ByteBuffer[]> BUFFER =
      ThreadLocal.withInitial(() -> new ByteBuffer[] {ByteBuffer.allocate(8192)});

  /** The binary form of a state. */
  public static byte[] encode(HostState s) {
    return encode(s, true);
  }

  /**
   * The binary form of a state whose latest sample's namespaces go without their owners (container, pod,
   * processes), which {@link #encodeOwners} writes apart, to be put back by {@link #restoreOwners}: a node with
   * 200 pods has 200 namespaces, and their owners, which seldom change, made most of a state written with every
   * record.
   */
  public static byte[] encodeWithoutOwners(HostState s) {
    return encode(s, false);
  }

  private static byte[] encode(HostState s, boolean owners) {
    return written(out -> write(out, s, owners));
  }

  /** The bytes {@code body} writes, in this thread's buffer, which doubles until they fit. */
  private static byte[] written(Consumer<Writer> body) {
    ByteBuffer[] holder = BUFFER.get();
    while (true) {
      ByteBuffer out = holder[0];
      out.clear();
      try {
        body.accept(new Writer(out));
        return Arrays.copyOf(out.array(), out.position());
      } catch (BufferOverflowException e) {
        holder[0] = ByteBuffer.allocate(out.capacity() * 2);
      }
    }
  }

  private static void write(Writer out, HostState s, boolean owners) {
    out.buffer.put(MAGIC);
    out.buffer.put(FORMAT);
    out.string(s.host);
    out.count(s.openBursts.size());
    for (HostState.OpenBurst b : s.openBursts) {
      out.nullableLong(b.netns);
      out.nullableLong(b.vps);
      out.instant(b.start);
      out.instant(b.end);
      out.putLong(b.messages);
      out.putLong(b.suppressed);
      out.instant(b.lastEmitted);
    }
    out.instant(s.pendingSuppressedAt);
    out.putLong(s.pendingSuppressed);
    sample(out, s.lastSample, s.host, owners);
    out.points(s.recent);
    out.buffer.put((byte) (s.level == null ? -1 : s.level.ordinal()));
    out.instant(s.forecastFullAt);
    out.putLong(s.peakCount);
    out.instant(s.peakAt);
    out.instant(s.lastEventTime);
    out.putLong(s.bursts);
    out.putLong(s.burstMessages);
    out.putLong(s.burstSuppressed);
    out.instant(s.lastBurstEnd);
    out.nullableLong(s.lastBurstNetns);
    out.putLong(s.counterDrops);
    out.putLong(s.earlyDrops);
    out.putLong(s.insertFailed);
    out.instant(s.lastDropAt);
    out.putLong(s.sinceBootDrops);
    out.putLong(s.counterResets);
    out.putLong(s.hashPressure);
    out.putLong(s.lateSamples);
    out.putLong(s.issuedAdvice);
  }

  /**
   * A state from its binary form.
   *
   * @throws IOException when the bytes are not a complete state in the form this code writes
   */
  public static HostState decode(byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    try {
      if (buffer.get() != MAGIC) {
        throw new IOException("not a binary host state");
      }
      int format = buffer.get();
      if (format != FORMAT) {
        throw new IOException("host state form " + format + " is not the one this program writes (" + FORMAT + ")");
      }
      Reader in = new Reader(buffer);
      HostState s = new HostState();
      s.host = in.string();
      int bursts = in.listSize();
      for (int i = 0; i < bursts; i++) {
        HostState.OpenBurst b = new HostState.OpenBurst();
        b.netns = in.nullableLong();
        b.vps = in.nullableLong();
        b.start = in.instant();
        b.end = in.instant();
        b.messages = in.getLong();
        b.suppressed = in.getLong();
        b.lastEmitted = in.instant();
        s.openBursts.add(b);
      }
      s.pendingSuppressedAt = in.instant();
      s.pendingSuppressed = in.getLong();
      s.lastSample = sample(in, s.host);
      in.points(s.recent);
      int level = buffer.get();
      s.level = level < 0 ? null : SaturationLevel.values()[level];
      s.forecastFullAt = in.instant();
      s.peakCount = in.getLong();
      s.peakAt = in.instant();
      s.lastEventTime = in.instant();
      s.bursts = in.getLong();
      s.burstMessages = in.getLong();
      s.burstSuppressed = in.getLong();
      s.lastBurstEnd = in.instant();
      s.lastBurstNetns = in.nullableLong();
      s.counterDrops = in.getLong();
      s.earlyDrops = in.getLong();
      s.insertFailed = in.getLong();
      s.lastDropAt = in.instant();
      s.sinceBootDrops = in.getLong();
      s.counterResets = in.getLong();
      s.hashPressure = in.getLong();
      s.lateSamples = in.getLong();
      s.issuedAdvice = in.getLong();
      if (buffer.hasRemaining()) {
        throw new IOException(buffer.remaining() + " bytes after the host state");
      }
      return s;
    } catch (BufferUnderflowException e) {
      throw new IOException("host state cut short", e);
    } catch (RuntimeException e) {
      // a corrupt record: an out-of-range enum, a negative size, a null where the model refuses one
      throw new IOException("corrupt host state: " + e, e);
    }
  }

  private static void sample(Writer out, ConntrackSample s, String host, boolean owners) {
    out.putBoolean(s != null);
    if (s == null) {
      return;
    }
    out.sampleHost(s.host(), host);
    out.instant(s.timestamp());
    out.putLong(s.count());
    out.putLong(s.max());
    out.nullableLong(s.buckets());
    out.nullableLong(s.memTotalBytes());
    out.nullableLong(s.cpus() == null ? null : s.cpus().longValue());
    out.string(s.kernelRelease());
    out.map(s.stats());
    out.map(s.sysctls());
    out.map(s.states());
    out.putBoolean(s.namespaces() != null);
    if (s.namespaces() != null) {
      out.putBoolean(owners);
      out.count(s.namespaces().size());
      for (NamespaceUsage n : s.namespaces()) {
        out.putLong(n.netns());
        out.putLong(n.count());
        out.nullableLong(n.drop());
        out.nullableLong(n.earlyDrop());
        out.nullableLong(n.insertFailed());
        if (owners) {
          owner(out, n);
        }
      }
    }
  }

  private static ConntrackSample sample(Reader in, String stateHost) throws IOException {
    if (!in.getBoolean()) {
      return null;
    }
    String host = in.sampleHost(stateHost);
    Instant t = in.instant();
    long count = in.getLong();
    long max = in.getLong();
    Long buckets = in.nullableLong();
    Long mem = in.nullableLong();
    Long cpus = in.nullableLong();
    String kernel = in.string();
    Map<String, Long> stats = in.map();
    Map<String, Long> sysctls = in.map();
    Map<String, Long> states = in.map();
    List<NamespaceUsage> namespaces = null;
    if (in.getBoolean()) {
      boolean owners = in.getBoolean();
      int n = in.listSize();
      namespaces = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        long netns = in.getLong();
        long c = in.getLong();
        Long drop = in.nullableLong();
        Long early = in.nullableLong();
        Long failed = in.nullableLong();
        namespaces.add(owners ? owner(in, netns, c, drop, early, failed)
            : new NamespaceUsage(netns, c, drop, early, failed, null, null, List.of()));
      }
    }
    return new ConntrackSample(host, t, count, max, buckets, mem, cpus == null ? null : Math.toIntExact(cpus),
        kernel, stats, sysctls, states, namespaces);
  }

  private static void owner(Writer out, NamespaceUsage n) {
    out.string(n.container());
    out.string(n.pod());
    out.count(n.processes().size());
    for (String p : n.processes()) {
      out.string(p);
    }
  }

  private static NamespaceUsage owner(Reader in, long netns, long count, Long drop, Long early, Long failed)
      throws IOException {
    String container = in.string();
    String pod = in.string();
    int np = in.listSize();
    List<String> processes = new ArrayList<>(np);
    for (int k = 0; k < np; k++) {
      processes.add(in.string());
    }
    return new NamespaceUsage(netns, count, drop, early, failed, container, pod, processes);
  }

  /**
   * The owners of a sample's namespaces (by netns: container, pod, processes), for {@link #restoreOwners}; null
   * when the sample has no namespace breakdown.
   */
  public static byte[] encodeOwners(ConntrackSample s) {
    if (s == null || s.namespaces() == null) {
      return null;
    }
    return written(w -> {
      w.buffer.put(MAGIC);
      w.buffer.put(OWNERS_FORMAT);
      w.count(s.namespaces().size());
      for (NamespaceUsage n : s.namespaces()) {
        w.putLong(n.netns());
        owner(w, n);
      }
    });
  }

  /**
   * Puts the owners {@link #encodeOwners} wrote back into the namespaces of a state read from
   * {@link #encodeWithoutOwners}' form; a namespace they do not name keeps none.
   *
   * @throws IOException when the bytes are not owners this code wrote
   */
  public static void restoreOwners(HostState s, byte[] owners) throws IOException {
    ConntrackSample last = s.lastSample;
    if (last == null || last.namespaces() == null || owners == null) {
      return;
    }
    Map<Long, NamespaceUsage> byNetns = new HashMap<>();
    ByteBuffer buffer = ByteBuffer.wrap(owners);
    try {
      if (buffer.get() != MAGIC || buffer.get() != OWNERS_FORMAT) {
        throw new IOException("not namespace owners this program wrote");
      }
      Reader in = new Reader(buffer);
      for (int i = in.listSize(); i > 0; i--) {
        long netns = in.getLong();
        byNetns.put(netns, owner(in, netns, 0, null, null, null));
      }
    } catch (BufferUnderflowException e) {
      throw new IOException("namespace owners cut short", e);
    }
    List<NamespaceUsage> namespaces = new ArrayList<>(last.namespaces().size());
    for (NamespaceUsage u : last.namespaces()) {
      NamespaceUsage o = byNetns.get(u.netns());
      namespaces.add(o == null ? u : new NamespaceUsage(u.netns(), u.count(), u.drop(), u.earlyDrop(),
          u.insertFailed(), o.container(), o.pod(), o.processes()));
    }
    s.lastSample = last.withNamespaces(namespaces);
  }

  /** Whether two samples name the same owners for the same namespaces (so the owners written still hold). */
  public static boolean sameOwners(ConntrackSample a, ConntrackSample b) {
    List<NamespaceUsage> x = a == null ? null : a.namespaces();
    List<NamespaceUsage> y = b == null ? null : b.namespaces();
    if (x == null || y == null) {
      return x == y;
    }
    if (x.size() != y.size()) {
      return false;
    }
    for (int i = 0; i < x.size(); i++) {
      NamespaceUsage u = x.get(i);
      NamespaceUsage v = y.get(i);
      if (u.netns() != v.netns() || !Objects.equals(u.container(), v.container())
          || !Objects.equals(u.pod(), v.pod()) || !u.processes().equals(v.processes())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Writes the one form ({@link #FORMAT}): variable-length numbers, trend points as differences, known names
   * by number, the namespaces' owners only when asked.
   */
  private static final class Writer {
    final ByteBuffer buffer;

    Writer(ByteBuffer buffer) {
      this.buffer = buffer;
    }

    /** A signed number, zig-zag: small magnitudes take few bytes. */
    void putLong(long v) {
      putUnsigned((v << 1) ^ (v >> 63));
    }

    /** A size, or -1 for null, as size + 1. */
    void count(int n) {
      putUnsigned(n + 1L);
    }

    void putUnsigned(long v) {
      while ((v & ~0x7FL) != 0) {
        buffer.put((byte) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      buffer.put((byte) v);
    }

    void putBoolean(boolean v) {
      buffer.put((byte) (v ? 1 : 0));
    }

    void nullableLong(Long v) {
      putBoolean(v != null);
      if (v != null) {
        putLong(v);
      }
    }

    void instant(Instant t) {
      putBoolean(t != null);
      if (t != null) {
        putLong(t.getEpochSecond());
        putLong(t.getNano());
      }
    }

    void string(String s) {
      if (s == null) {
        count(-1);
        return;
      }
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      count(b.length);
      buffer.put(b);
    }

    void map(Map<String, Long> m) {
      count(m == null ? -1 : m.size());
      if (m != null) {
        for (Map.Entry<String, Long> e : m.entrySet()) {
          name(e.getKey());
          putLong(e.getValue());
        }
      }
    }

    /** A map key: its number among the {@link Names}, else the sysctl prefix's code and the rest, else in full. */
    void name(String key) {
      int known = Names.code(key);
      if (known >= 0) {
        putUnsigned(known + Names.FIRST_KNOWN);
      } else if (key.startsWith(Names.SYSCTL_PREFIX)) {
        putUnsigned(Names.PREFIXED);
        string(key.substring(Names.SYSCTL_PREFIX.length()));
      } else {
        putUnsigned(Names.LITERAL);
        string(key);
      }
    }

    /** The sample's host: a flag when it is the state's host (it always is), else the name. */
    void sampleHost(String sampleHost, String stateHost) {
      boolean same = sampleHost.equals(stateHost);
      putBoolean(same);
      if (!same) {
        string(sampleHost);
      }
    }

    /** Each point as the difference from the one before (time, nanos, count, limit). */
    void points(List<HostState.Point> points) {
      count(points.size());
      long sec = 0;
      long nano = 0;
      long count = 0;
      long max = 0;
      for (HostState.Point p : points) {
        putLong(p.t().getEpochSecond() - sec);
        putLong(p.t().getNano() - nano);
        putLong(p.count() - count);
        putLong(p.max() - max);
        sec = p.t().getEpochSecond();
        nano = p.t().getNano();
        count = p.count();
        max = p.max();
      }
    }
  }

  /** Reads what {@link Writer} writes. */
  private static final class Reader {
    final ByteBuffer buffer;

    Reader(ByteBuffer buffer) {
      this.buffer = buffer;
    }

    long getLong() throws IOException {
      long v = getUnsigned();
      return (v >>> 1) ^ -(v & 1);
    }

    /** A size (-1 for null), refused when larger than what is left. */
    int count() throws IOException {
      long n = getUnsigned() - 1;
      if (n < -1 || n > buffer.remaining()) {
        throw new IOException("corrupt host state: a size of " + n);
      }
      return (int) n;
    }

    long getUnsigned() throws IOException {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte b = buffer.get();
        v |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return v;
        }
      }
      throw new IOException("corrupt host state: a number longer than ten bytes");
    }

    boolean getBoolean() {
      return buffer.get() != 0;
    }

    Long nullableLong() throws IOException {
      return getBoolean() ? getLong() : null;
    }

    Instant instant() throws IOException {
      return getBoolean() ? Instant.ofEpochSecond(getLong(), getLong()) : null;
    }

    String string() throws IOException {
      int n = count();
      if (n < 0) {
        return null;
      }
      byte[] b = new byte[n];
      buffer.get(b);
      return new String(b, StandardCharsets.UTF_8);
    }

    Map<String, Long> map() throws IOException {
      int n = count();
      if (n < 0) {
        return null;
      }
      Map<String, Long> m = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        m.put(name(), getLong());
      }
      return m;
    }

    private String name() throws IOException {
      long code = getUnsigned();
      if (code == Names.LITERAL) {
        return string();
      }
      if (code == Names.PREFIXED) {
        return Names.SYSCTL_PREFIX + string();
      }
      String known = Names.name(code - Names.FIRST_KNOWN);
      if (known == null) {
        throw new IOException("corrupt host state: no name numbered " + code);
      }
      return known;
    }

    String sampleHost(String stateHost) throws IOException {
      return getBoolean() ? stateHost : string();
    }

    void points(List<HostState.Point> into) throws IOException {
      int n = listSize();
      long sec = 0;
      long nano = 0;
      long count = 0;
      long max = 0;
      for (int i = 0; i < n; i++) {
        sec += getLong();
        nano += getLong();
        count += getLong();
        max += getLong();
        into.add(new HostState.Point(Instant.ofEpochSecond(sec, nano), count, max));
      }
    }

    /** A list's size: never null. */
    int listSize() throws IOException {
      int n = count();
      if (n < 0) {
        throw new IOException("corrupt host state: a list of " + n + " entries");
      }
      return n;
    }
  }

  /**
   * The names a sample's maps use (its counters, the kernel's conntrack sysctls, the connection states), numbered
   * because a sample from a current kernel has about forty sysctls of 35-50 characters, which made most of a host's
   * state, written to the changelog on every record. <b>Append only</b> while states written with these numbers
   * may be stored: a number must read back as the name it was written for. Other names are written out (the sysctl
   * prefix by its code).
   */
  static final class Names {
    /** Code of a name written out in full. */
    static final int LITERAL = 0;
    /** Code of {@link #SYSCTL_PREFIX} followed by the rest of the name. */
    static final int PREFIXED = 1;
    /** Code of the first known name. */
    static final int FIRST_KNOWN = 2;
    static final String SYSCTL_PREFIX = "net.netfilter.nf_conntrack_";
    private static final List<String> KNOWN = List.of(
        // counters (StatNames)
        "drop", "earlyDrop", "insertFailed", "invalid", "searchRestart", "found", "insert", "clashResolve",
        "chainTooLong",
        // connection states (StateHistogram)
        "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT", "CLOSE_WAIT", "LAST_ACK", "TIME_WAIT", "CLOSE",
        "LISTEN", "SYN_SENT2", "NONE", "UDP", "OTHER",
        // sysctls of Linux 5.x-6.x, then of older kernels
        sysctl("acct"), sysctl("buckets"), sysctl("checksum"), sysctl("count"), sysctl("events"),
        sysctl("expect_max"), sysctl("frag6_high_thresh"), sysctl("frag6_low_thresh"), sysctl("frag6_timeout"),
        sysctl("generic_timeout"), sysctl("gre_timeout"), sysctl("gre_timeout_stream"), sysctl("icmp_timeout"),
        sysctl("icmpv6_timeout"), sysctl("log_invalid"), sysctl("max"), sysctl("sctp_timeout_closed"),
        sysctl("sctp_timeout_cookie_echoed"), sysctl("sctp_timeout_cookie_wait"),
        sysctl("sctp_timeout_established"), sysctl("sctp_timeout_heartbeat_sent"),
        sysctl("sctp_timeout_shutdown_ack_sent"), sysctl("sctp_timeout_shutdown_recd"),
        sysctl("sctp_timeout_shutdown_sent"), sysctl("tcp_be_liberal"), sysctl("tcp_ignore_invalid_rst"),
        sysctl("tcp_loose"), sysctl("tcp_max_retrans"), sysctl("tcp_timeout_close"),
        sysctl("tcp_timeout_close_wait"), sysctl("tcp_timeout_established"), sysctl("tcp_timeout_fin_wait"),
        sysctl("tcp_timeout_last_ack"), sysctl("tcp_timeout_max_retrans"), sysctl("tcp_timeout_syn_recv"),
        sysctl("tcp_timeout_syn_sent"), sysctl("tcp_timeout_time_wait"), sysctl("tcp_timeout_unacknowledged"),
        sysctl("timestamp"), sysctl("udp_timeout"), sysctl("udp_timeout_stream"), sysctl("helper"),
        sysctl("dccp_loose"), sysctl("dccp_timeout_closereq"), sysctl("dccp_timeout_closing"),
        sysctl("dccp_timeout_open"), sysctl("dccp_timeout_partopen"), sysctl("dccp_timeout_request"),
        sysctl("dccp_timeout_respond"), sysctl("dccp_timeout_timewait"), sysctl("tcp_no_window_check"),
        sysctl("sctp_timeout_heartbeat_acked"), sysctl("log_invalid_redundant"));
    private static final Map<String, Integer> CODES = codes();

    private Names() {
    }

    private static String sysctl(String rest) {
      return SYSCTL_PREFIX + rest;
    }

    private static Map<String, Integer> codes() {
      Map<String, Integer> m = new HashMap<>();
      for (int i = 0; i < KNOWN.size(); i++) {
        if (m.put(KNOWN.get(i), i) != null) {
          throw new IllegalStateException("name listed twice: " + KNOWN.get(i));
        }
      }
      return Map.copyOf(m);
    }

    /** The number of a known name, else -1. */
    static int code(String name) {
      Integer c = CODES.get(name);
      return c == null ? -1 : c;
    }

    /** The known name numbered {@code code}, else null. */
    static String name(long code) {
      return code >= 0 && code < KNOWN.size() ? KNOWN.get((int) code) : null;
    }
  }
}
