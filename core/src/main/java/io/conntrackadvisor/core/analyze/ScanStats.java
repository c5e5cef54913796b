package io.conntrackadvisor.core.analyze;

import io.conntrackadvisor.core.parse.KernelEvent;
import io.conntrackadvisor.core.parse.SkipReason;
import java.util.EnumMap;
import java.util.Map;

/** Counters of one analysis run, shown in the summary on stderr. */
public final class ScanStats {
  long linesRead;
  long bytesRead;
  /** Lines that carried a conntrack keyword (or were journal JSON) and were parsed in full. */
  long candidateLines;
  long kernelMessages;
  long ignoredNonKernel;
  long truncatedLines;
  long samples;
  long badSampleLines;
  final Map<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
  final Map<SkipReason, Unread> unread = new EnumMap<>(SkipReason.class);

  /** Lines skipped for one reason that read like conntrack messages, and the first of them. */
  public record Unread(long lines, String example) {
  }

  /** Longest example line kept. */
  private static final int EXAMPLE_CHARS = 300;

  public long linesRead() {
    return linesRead;
  }

  public long bytesRead() {
    return bytesRead;
  }

  /** Conntrack-related messages written by the kernel. */
  public long kernelMessages() {
    return kernelMessages;
  }

  /** Conntrack wording written by something else than the kernel (ignored). */
  public long ignoredNonKernel() {
    return ignoredNonKernel;
  }

  /** Lines longer than the line limit (only their start was parsed). */
  public long truncatedLines() {
    return truncatedLines;
  }

  public long samples() {
    return samples;
  }

  public long badSampleLines() {
    return badSampleLines;
  }

  /** Skipped lines by reason. */
  public Map<SkipReason, Long> skipped() {
    return Map.copyOf(skipped);
  }

  /**
   * Lines that looked like conntrack messages (their text, read as a whole, has a table-full or rate-limiter
   * wording) but whose format was not understood, by reason, with the first such line: what tells a user that a
   * format is not read, rather than that nothing happened.
   */
  public Map<SkipReason, Unread> unread() {
    return Map.copyOf(unread);
  }

  /** Lines in {@link #unread()}. */
  public long unreadLines() {
    return unread.values().stream().mapToLong(Unread::lines).sum();
  }

  /** Adds another run's counters to these (parallel scans of one file). */
  void add(ScanStats o) {
    linesRead += o.linesRead;
    bytesRead += o.bytesRead;
    candidateLines += o.candidateLines;
    kernelMessages += o.kernelMessages;
    ignoredNonKernel += o.ignoredNonKernel;
    truncatedLines += o.truncatedLines;
    samples += o.samples;
    badSampleLines += o.badSampleLines;
    o.skipped.forEach((r, n) -> skipped.merge(r, n, Long::sum));
    o.unread.forEach((r, u) -> unread.merge(r, u, (a, b) -> new Unread(a.lines() + b.lines(), a.example())));
  }

  /** Counts a candidate line that was skipped, and whether it read like a conntrack message. */
  void skip(SkipReason r, String line) {
    skipped.merge(r, 1L, Long::sum);
    if (r != SkipReason.EMPTY && KernelEvent.classify(line).kind() != KernelEvent.Kind.OTHER) {
      Unread u = unread.get(r);
      unread.put(r, u == null ? new Unread(1, example(line)) : new Unread(u.lines() + 1, u.example()));
    }
  }

  private static String example(String line) {
    String s = line.strip();
    return s.length() <= EXAMPLE_CHARS ? s : s.substring(0, EXAMPLE_CHARS) + "...";
  }

  /**
   * The line for people about {@link #unread()}, or null when every such line was understood: {@code unread: N
   * lines looked like conntrack messages but were not understood: REASON N (e.g. "LINE"), ...}.
   */
  public String unreadSummary() {
    if (unread.isEmpty()) {
      return null;
    }
    long n = unreadLines();
    StringBuilder b = new StringBuilder("unread: ").append(n)
        .append(n == 1 ? " line looked like a conntrack message but was"
            : " lines looked like conntrack messages but were").append(" not understood:");
    String sep = " ";
    for (Map.Entry<SkipReason, Unread> e : unread.entrySet()) {
      b.append(sep).append(e.getKey().label()).append(' ').append(e.getValue().lines()).append(" (e.g. \"")
          .append(e.getValue().example()).append("\")");
      sep = ", ";
    }
    return b.toString();
  }

  /** One-line summary. */
  public String summary() {
    StringBuilder b = new StringBuilder();
    b.append("lines read: ").append(linesRead).append(", conntrack candidates parsed: ").append(candidateLines)
        .append(", kernel conntrack messages: ").append(kernelMessages)
        .append(", ignored (not from the kernel): ").append(ignoredNonKernel)
        .append(", samples: ").append(samples);
    if (badSampleLines > 0) {
      b.append(", bad sample lines: ").append(badSampleLines);
    }
    if (truncatedLines > 0) {
      b.append(", over-long lines: ").append(truncatedLines);
    }
    if (skipped.isEmpty()) {
      b.append(", skipped: 0");
    } else {
      skipped.forEach((r, n) -> b.append(", skipped ").append(r.label()).append(": ").append(n));
    }
    return b.toString();
  }
}
