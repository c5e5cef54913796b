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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A compact binary form of {@link HostState} for the Streams application's state store and its changelog, where a
 * host's state is written on every change: writing it as JSON was a quarter of the stream thread's time. The state
 * is internal (no other program reads it), so it needs no public contract; the first byte tells this form from the
 * JSON of earlier versions, which still reads. Every field of the state is written; HostStateCodecTest checks that
 * a decoded state equals the original, field by field (through their JSON), for random states.
 */
public final class HostStateCodec {
  /** First byte of the binary form; JSON starts with a brace. */
  public static final byte MAGIC = (byte) 0xC7;
  private static final byte VERSION = 2;
  /** Version 1 had no {@code issuedAdvice}; it reads as 0 (nothing issued). */
  private static final byte VERSION_WITHOUT_ISSUED_ADVICE = 1;

  private HostStateCodec() {
  }

  /** Whether {@code bytes} are this binary form (else they are JSON). */
  public static boolean isBinary(byte[] bytes) {
    return bytes.length > 0 && bytes[0] == MAGIC;
  }

  /** Per thread, the buffer states are written into; it grows to the largest state written. */
  private static final ThreadLocal<ByteBuffer[]> BUFFER =
      ThreadLocal.withInitial(() -> new ByteBuffer[] {ByteBuffer.allocate(8192)});

  /** The binary form of a state. */
  public static byte[] encode(HostState s) {
    ByteBuffer[] holder = BUFFER.get();
    while (true) {
      ByteBuffer out = holder[0];
      out.clear();
      try {
        write(out, s);
        return Arrays.copyOf(out.array(), out.position());
      } catch (BufferOverflowException e) {
        holder[0] = ByteBuffer.allocate(out.capacity() * 2);
      }
    }
  }

  private static void write(ByteBuffer out, HostState s) {
    out.put(MAGIC);
    out.put(VERSION);
    string(out, s.host);
    out.putInt(s.openBursts.size());
    for (HostState.OpenBurst b : s.openBursts) {
      nullableLong(out, b.netns);
      instant(out, b.start);
      instant(out, b.end);
      out.putLong(b.messages);
      out.putLong(b.suppressed);
      instant(out, b.lastEmitted);
    }
    instant(out, s.pendingSuppressedAt);
    out.putLong(s.pendingSuppressed);
    sample(out, s.lastSample);
    out.putInt(s.recent.size());
    for (HostState.Point p : s.recent) {
      instant(out, p.t());
      out.putLong(p.count());
      out.putLong(p.max());
    }
    out.put((byte) (s.level == null ? -1 : s.level.ordinal()));
    instant(out, s.forecastFullAt);
    out.putLong(s.peakCount);
    instant(out, s.peakAt);
    instant(out, s.lastEventTime);
    out.putLong(s.bursts);
    out.putLong(s.burstMessages);
    out.putLong(s.burstSuppressed);
    instant(out, s.lastBurstEnd);
    nullableLong(out, s.lastBurstNetns);
    out.putLong(s.counterDrops);
    out.putLong(s.earlyDrops);
    out.putLong(s.insertFailed);
    instant(out, s.lastDropAt);
    out.putLong(s.sinceBootDrops);
    out.putLong(s.counterResets);
    out.putLong(s.hashPressure);
    out.putLong(s.lateSamples);
    out.putLong(s.issuedAdvice);
  }

  /**
   * A state from its binary form.
   *
   * @throws IOException when the bytes are not a complete state of a version this code reads
   */
  public static HostState decode(byte[] bytes) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      if (in.get() != MAGIC) {
        throw new IOException("not a binary host state");
      }
      int version = in.get();
      if (version != VERSION && version != VERSION_WITHOUT_ISSUED_ADVICE) {
        throw new IOException("host state version " + version + " is newer than this program");
      }
      HostState s = new HostState();
      s.host = string(in);
      int bursts = count(in);
      for (int i = 0; i < bursts; i++) {
        HostState.OpenBurst b = new HostState.OpenBurst();
        b.netns = nullableLong(in);
        b.start = instant(in);
        b.end = instant(in);
        b.messages = in.getLong();
        b.suppressed = in.getLong();
        b.lastEmitted = instant(in);
        s.openBursts.add(b);
      }
      s.pendingSuppressedAt = instant(in);
      s.pendingSuppressed = in.getLong();
      s.lastSample = sample(in);
      int points = count(in);
      for (int i = 0; i < points; i++) {
        s.recent.add(new HostState.Point(instant(in), in.getLong(), in.getLong()));
      }
      int level = in.get();
      s.level = level < 0 ? null : SaturationLevel.values()[level];
      s.forecastFullAt = instant(in);
      s.peakCount = in.getLong();
      s.peakAt = instant(in);
      s.lastEventTime = instant(in);
      s.bursts = in.getLong();
      s.burstMessages = in.getLong();
      s.burstSuppressed = in.getLong();
      s.lastBurstEnd = instant(in);
      s.lastBurstNetns = nullableLong(in);
      s.counterDrops = in.getLong();
      s.earlyDrops = in.getLong();
      s.insertFailed = in.getLong();
      s.lastDropAt = instant(in);
      s.sinceBootDrops = in.getLong();
      s.counterResets = in.getLong();
      s.hashPressure = in.getLong();
      s.lateSamples = in.getLong();
      s.issuedAdvice = version == VERSION_WITHOUT_ISSUED_ADVICE ? 0 : in.getLong();
      if (in.hasRemaining()) {
        throw new IOException(in.remaining() + " bytes after the host state");
      }
      return s;
    } catch (BufferUnderflowException e) {
      throw new IOException("host state cut short", e);
    } catch (RuntimeException e) {
      // a corrupt record: an out-of-range enum, a negative size, a null where the model refuses one
      throw new IOException("corrupt host state: " + e, e);
    }
  }

  private static void sample(ByteBuffer out, ConntrackSample s) {
    putBoolean(out, s != null);
    if (s == null) {
      return;
    }
    string(out, s.host());
    instant(out, s.timestamp());
    out.putLong(s.count());
    out.putLong(s.max());
    nullableLong(out, s.buckets());
    nullableLong(out, s.memTotalBytes());
    nullableLong(out, s.cpus() == null ? null : s.cpus().longValue());
    string(out, s.kernelRelease());
    map(out, s.stats());
    map(out, s.sysctls());
    map(out, s.states());
    putBoolean(out, s.namespaces() != null);
    if (s.namespaces() != null) {
      out.putInt(s.namespaces().size());
      for (NamespaceUsage n : s.namespaces()) {
        out.putLong(n.netns());
        out.putLong(n.count());
        nullableLong(out, n.drop());
        nullableLong(out, n.earlyDrop());
        nullableLong(out, n.insertFailed());
        string(out, n.container());
        string(out, n.pod());
        out.putInt(n.processes().size());
        for (String p : n.processes()) {
          string(out, p);
        }
      }
    }
  }

  private static ConntrackSample sample(ByteBuffer in) throws IOException {
    if (!getBoolean(in)) {
      return null;
    }
    String host = string(in);
    Instant t = instant(in);
    long count = in.getLong();
    long max = in.getLong();
    Long buckets = nullableLong(in);
    Long mem = nullableLong(in);
    Long cpus = nullableLong(in);
    String kernel = string(in);
    Map<String, Long> stats = map(in);
    Map<String, Long> sysctls = map(in);
    Map<String, Long> states = map(in);
    List<NamespaceUsage> namespaces = null;
    if (getBoolean(in)) {
      int n = count(in);
      namespaces = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        long netns = in.getLong();
        long c = in.getLong();
        Long drop = nullableLong(in);
        Long early = nullableLong(in);
        Long failed = nullableLong(in);
        String container = string(in);
        String pod = string(in);
        int np = count(in);
        List<String> processes = new ArrayList<>(np);
        for (int k = 0; k < np; k++) {
          processes.add(string(in));
        }
        namespaces.add(new NamespaceUsage(netns, c, drop, early, failed, container, pod, processes));
      }
    }
    return new ConntrackSample(host, t, count, max, buckets, mem, cpus == null ? null : Math.toIntExact(cpus),
        kernel, stats, sysctls, states, namespaces);
  }

  private static void map(ByteBuffer out, Map<String, Long> m){
    out.putInt(m == null ? -1 : m.size());
    if (m != null) {
      for (Map.Entry<String, Long> e : m.entrySet()) {
        string(out, e.getKey());
        out.putLong(e.getValue());
      }
    }
  }

  private static Map<String, Long> map(ByteBuffer in) throws IOException {
    int n = in.getInt();
    if (n < 0) {
      return null;
    }
    Map<String, Long> m = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      m.put(string(in), in.getLong());
    }
    return m;
  }

  private static void putBoolean(ByteBuffer out, boolean v) {
    out.put((byte) (v ? 1 : 0));
  }

  private static boolean getBoolean(ByteBuffer in) {
    return in.get() != 0;
  }

  private static int count(ByteBuffer in) throws IOException {
    int n = in.getInt();
    if (n < 0 || n > in.remaining()) {
      throw new IOException("corrupt host state: a list of " + n + " entries");
    }
    return n;
  }

  private static void string(ByteBuffer out, String s) {
    if (s == null) {
      out.putInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.putInt(b.length);
    out.put(b);
  }

  private static String string(ByteBuffer in) throws IOException {
    int n = in.getInt();
    if (n < 0) {
      return null;
    }
    if (n > in.remaining()) {
      throw new IOException("corrupt host state: a string of " + n + " bytes");
    }
    byte[] b = new byte[n];
    in.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  private static void nullableLong(ByteBuffer out, Long v) {
    putBoolean(out, v != null);
    if (v != null) {
      out.putLong(v);
    }
  }

  private static Long nullableLong(ByteBuffer in) throws IOException {
    return getBoolean(in) ? in.getLong() : null;
  }

  private static void instant(ByteBuffer out, Instant t) {
    putBoolean(out, t != null);
    if (t != null) {
      out.putLong(t.getEpochSecond());
      out.putInt(t.getNano());
    }
  }

  private static Instant instant(ByteBuffer in) throws IOException {
    return getBoolean(in) ? Instant.ofEpochSecond(in.getLong(), in.getInt()) : null;
  }
}
