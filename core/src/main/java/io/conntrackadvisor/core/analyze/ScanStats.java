package io.conntrackadvisor.core.analyze;

import io.conntrackadvisor.core.parse.SkipReason;
import java.util.EnumMap;
import java.util.Map;

/** Counters of one analysis run, shown in the summary on stderr. */
public final class ScanStats {
  long linesRead;
  long bytesRead;
  long candidateLines;
  long kernelMessages;
  long ignoredNonKernel;
  long truncatedLines;
  long samples;
  long badSampleLines;
  final Map<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);

  public long linesRead() {
    return linesRead;
  }

  public long bytesRead() {
    return bytesRead;
  }

  /** Lines that carried a conntrack keyword (or were journal JSON) and were parsed in full. */
  public long candidateLines() {
    return candidateLines;
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
  }

  void skip(SkipReason r) {
    skipped.merge(r, 1L, Long::sum);
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
