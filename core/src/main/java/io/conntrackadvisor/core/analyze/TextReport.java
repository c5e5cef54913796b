package io.conntrackadvisor.core.analyze;

import io.conntrackadvisor.model.BurstFinding;
import io.conntrackadvisor.model.DropsFinding;
import io.conntrackadvisor.model.Finding;
import io.conntrackadvisor.model.IsoInstant;
import io.conntrackadvisor.model.Recommendation;
import io.conntrackadvisor.model.SaturationFinding;
import java.util.Locale;

/** The human-readable report of an analysis: findings as one line each, then each recommendation in full. */
public final class TextReport {
  private TextReport() {
  }

  /**
   * Writes the whole report to {@code out} in pieces of about 64 KiB, so that a report of tens of thousands of
   * findings is never one giant string.
   */
  public static void write(AnalysisResult r, java.util.function.Consumer<CharSequence> out) {
    StringBuilder b = new StringBuilder(1 << 16);
    b.append("Findings (").append(r.findings().size()).append(")\n");
    if (r.findings().isEmpty()) {
      b.append("  none: no table-full messages, no counter drops, no saturation.\n");
    }
    long unread = r.stats() == null ? 0 : r.stats().unreadLines();
    if (unread > 0) {
      b.append("  (").append(unread).append(unread == 1 ? " line looked" : " lines looked")
          .append(" like conntrack messages in a format not understood: see 'unread' on stderr)\n");
    }
    for (Finding f : r.findings()) {
      b.append("  ");
      line(b, f);
      b.append('\n');
      if (b.length() >= 1 << 16) {
        out.accept(b);
        b.setLength(0);
      }
    }
    b.append('\n').append("Recommendations (").append(r.recommendations().size()).append(")\n");
    for (Recommendation rec : r.recommendations()) {
      b.append('\n').append(recommendation(rec));
      java.time.Instant since = r.adviceSince().get(rec.host());
      if (since != null) {
        at(b.append("   advice unchanged since "), since)
            .append(" (when streams, fed the same records, publishes it)\n");
      }
    }
    out.accept(b);
  }

  /** One finding as a line. */
  public static String line(Finding f) {
    StringBuilder b = new StringBuilder(160);
    line(b, f);
    return b.toString();
  }

  /**
   * Appends one finding as a line (without line end). Built by appending rather than with {@code String.format}:
   * a gigabyte of log can give tens of thousands of findings, and formatting cost seconds.
   */
  static void line(StringBuilder b, Finding f) {
    if (f instanceof BurstFinding x) {
      at(at(padded(b, x.host(), 20).append(" burst       "), x.start()).append(" .. "), x.end())
          .append("  ").append(x.messages()).append(" table-full lines + ").append(x.suppressed())
          .append(" suppressed = ~").append(x.estimatedDrops()).append(" drops");
      if (x.netns() != null) {
        b.append(" in netns ").append(x.netns());
      }
      if (x.vps() != null) {
        b.append(" in VPS ").append(x.vps());
      }
      if (!x.closed()) {
        b.append(" (ongoing)");
      }
      if (x.timeEstimated() != null) {
        b.append(" (time estimated from ").append(x.timeEstimated().description()).append(')');
      }
      return;
    }
    if (f instanceof DropsFinding x) {
      at(at(padded(b, x.host(), 20).append(" drops       "), x.start()).append(" .. "), x.end())
          .append("  drop +").append(x.drops()).append(", early_drop +").append(x.earlyDrops())
          .append(", insert_failed +").append(x.insertFailed());
      return;
    }
    SaturationFinding x = (SaturationFinding) f;
    at(padded(b, x.host(), 20).append(" saturation  "), x.timestamp()).append("  ").append(x.count())
        .append(" / ").append(x.max()).append(" = ")
        .append(String.format(Locale.ROOT, "%.1f", x.utilization() * 100)).append(" % -> ")
        .append(x.level().wireName());
    if (x.forecastFullAt() != null) {
      at(b.append(", full at "), x.forecastFullAt()).append(" if the trend holds");
    }
  }

  /** {@code %-Ns}: the text, then spaces up to {@code width}. */
  private static StringBuilder padded(StringBuilder b, String text, int width) {
    b.append(text);
    for (int i = text.length(); i < width; i++) {
      b.append(' ');
    }
    return b;
  }

  /** Instants shown to people: milliseconds are enough. */
  private static java.time.Instant t(java.time.Instant i) {
    return i == null ? null : i.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  }

  /** Appends {@link #t} of an instant (not null) as {@code Instant.toString} writes it. */
  private static StringBuilder at(StringBuilder b, java.time.Instant i) {
    return IsoInstant.append(b, t(i));
  }

  /** One recommendation in full: severity, changes, reasons and the sysctl file. */
  public static String recommendation(Recommendation r) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "== %s: %s (evidence up to %s)%n", r.host(),
        r.severity().wireName().toUpperCase(Locale.ROOT), t(r.timestamp())));
    if (r.recommended().isEmpty()) {
      b.append("   no change to the values\n");
    }
    r.recommended().forEach((k, v) -> b.append(String.format(Locale.ROOT, "   %s: %s -> %d%n", k,
        r.current().containsKey(k) ? String.valueOf(r.current().get(k)) : "?", v)));
    b.append("   why:\n");
    for (String reason : r.reasons()) {
      b.append("   - ").append(reason).append('\n');
    }
    file(b, "/etc/sysctl.d/90-conntrack-advisor.conf", r.sysctlConf());
    if (r.modprobeConf() != null) {
      file(b, "/etc/modprobe.d/nf_conntrack.conf", r.modprobeConf());
    }
    return b.toString();
  }

  /** A file's path, then its lines indented under it. */
  private static void file(StringBuilder b, String path, String text) {
    b.append("   ").append(path).append(":\n");
    for (String line : text.split("\n")) {
      b.append("     ").append(line).append('\n');
    }
  }
}
