package io.conntrackadvisor.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Random;

/**
 * The kernel lines every shipper of {@code bench-ship} carries: 200 hosts, table-full, rate-limiter and other kernel
 * messages, each stamped in rsyslog's high-precision file format ({@code 2026-07-17T00:00:00.123456+00:00}) with a
 * time unique to the microsecond. Whatever a shipper makes of a line (omkafka's template, the agent's JSON, a
 * journal entry), the record keeps that time, so a record read back tells which line it carries ({@link #index}).
 */
final class BenchLines {
  private static final String[] KERNEL = {
      "[%d.123456] nf_conntrack: nf_conntrack: table full, dropping packet",
      "[%d.223344] nf_conntrack: table full, dropping packet",
      "[%d.654321] net_ratelimit: 412 callbacks suppressed",
      "[%d.000017] IPv6: ADDRCONF(NETDEV_CHANGE): veth3a1f2c9: link becomes ready",
      "[%d.998877] docker0: port 3(veth3a1f2c9) entered forwarding state",
      "[%d.445566] TCP: request_sock_TCP: Possible SYN flooding on port 443. Sending cookies."};
  private static final long START_MICROS = LocalDateTime.of(2026, 7, 17, 0, 0).toEpochSecond(ZoneOffset.UTC)
      * 1_000_000L;
  private static final byte[] YEAR = "2026-07-".getBytes(StandardCharsets.US_ASCII);

  /** One line: its time (epoch microseconds), host and kernel text. */
  record Line(long micros, String host, String message) {
    /** The line as rsyslog writes it to a file, without the newline. */
    String fileForm() {
      return stamp(micros) + " " + host + " kernel: " + message;
    }
  }

  private final long[] micros;
  private final int count;

  private BenchLines(long[] micros) {
    this.micros = micros;
    this.count = micros.length;
  }

  /** The same {@code n} lines on every call. */
  static BenchLines of(int n) {
    long[] t = new long[n];
    Random rnd = new Random(7);
    long now = START_MICROS;
    for (int i = 0; i < n; i++) {
      now += 1000 + rnd.nextInt(5000);
      t[i] = now;
    }
    return new BenchLines(t);
  }

  int size() {
    return count;
  }

  /** Line {@code i}; its host and text depend on {@code i} only. */
  Line line(int i) {
    int h = (int) Math.floorMod((i * 2654435761L) >>> 7, 200L);
    String text = String.format(Locale.ROOT, KERNEL[(i * 7 + h) % KERNEL.length], 1000 + i / 100);
    return new Line(micros[i], "node-" + h, text);
  }

  /** Writes every line to {@code file} as rsyslog would; returns its size in bytes. */
  long writeFile(Path file) throws IOException {
    long bytes = 0;
    try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      for (int i = 0; i < count; i++) {
        byte[] b = (line(i).fileForm() + "\n").getBytes(StandardCharsets.UTF_8);
        os.write(b);
        bytes += b.length;
      }
    }
    return bytes;
  }

  /**
   * Which line a record carries: the first {@code 2026-07-DDTHH:MM:SS.ffffff} stamp in its bytes (omkafka's
   * template starts with it, the agent's JSON has it as {@code timestamp}); -1 when there is none or no line has it.
   */
  int index(byte[] record) {
    long t = stampMicros(record);
    if (t < 0) {
      return -1;
    }
    int i = java.util.Arrays.binarySearch(micros, t);
    return i >= 0 ? i : -1;
  }

  static String stamp(long micros) {
    Instant t = Instant.ofEpochSecond(micros / 1_000_000L, (micros % 1_000_000L) * 1000);
    LocalDateTime l = LocalDateTime.ofInstant(t, ZoneOffset.UTC);
    return String.format(Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d.%06d+00:00", l.getYear(), l.getMonthValue(),
        l.getDayOfMonth(), l.getHour(), l.getMinute(), l.getSecond(), micros % 1_000_000L);
  }

  /** Epoch microseconds of the first stamp in {@code b}, -1 when none; fewer than six fraction digits are padded. */
  static long stampMicros(byte[] b) {
    outer:
    for (int i = 0; i + YEAR.length + 11 < b.length; i++) {
      for (int j = 0; j < YEAR.length; j++) {
        if (b[i + j] != YEAR[j]) {
          continue outer;
        }
      }
      int p = i + YEAR.length;
      long day = num(b, p, 2);
      long h = num(b, p + 3, 2);
      long m = num(b, p + 6, 2);
      long s = num(b, p + 9, 2);
      if (day < 0 || h < 0 || m < 0 || s < 0) {
        continue;
      }
      long frac = 0;
      int digits = 0;
      int q = p + 11;
      if (q < b.length && b[q] == '.') {
        for (q++; q < b.length && digits < 6 && b[q] >= '0' && b[q] <= '9'; q++, digits++) {
          frac = frac * 10 + (b[q] - '0');
        }
      }
      for (; digits < 6; digits++) {
        frac *= 10;
      }
      return START_MICROS + (((day - 17) * 24 + h) * 3600 + m * 60 + s) * 1_000_000L + frac;
    }
    return -1;
  }

  private static long num(byte[] b, int at, int n) {
    long v = 0;
    for (int k = at; k < at + n; k++) {
      if (k >= b.length || b[k] < '0' || b[k] > '9') {
        return -1;
      }
      v = v * 10 + (b[k] - '0');
    }
    return v;
  }
}
