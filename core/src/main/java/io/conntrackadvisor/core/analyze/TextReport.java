package io.conntrackadvisor.core.analyze;

import io.conntrackadvisor.model.BurstFinding;
import io.conntrackadvisor.model.DropsFinding;
import io.conntrackadvisor.model.Finding;
import io.conntrackadvisor.model.Recommendation;
import io.conntrackadvisor.model.SaturationFinding;
import java.util.Locale;

/** The human-readable report of an analysis: findings as one line each, then each recommendation in full. */
public final class TextReport {
  private TextReport() {
  }

  /** Renders the whole report. */
  public static String render(AnalysisResult r) {
    StringBuilder b = new StringBuilder();
    b.append("Findings (").append(r.findings().size()).append(")\n");
    if (r.findings().isEmpty()) {
      b.append("  none: no table-full messages, no counter drops, no saturation.\n");
    }
    for (Finding f : r.findings()) {
      b.append("  ").append(line(f)).append('\n');
    }
    b.append('\n').append("Recommendations (").append(r.recommendations().size()).append(")\n");
    for (Recommendation rec : r.recommendations()) {
      b.append('\n').append(recommendation(rec));
    }
    return b.toString();
  }

  /** One finding as a line. */
  public static String line(Finding f) {
    if (f instanceof BurstFinding x) {
      return String.format(Locale.ROOT, "%-20s burst       %s .. %s  %d table-full lines + %d suppressed = ~%d "
          + "drops%s%s", x.host(), t(x.start()), t(x.end()), x.messages(), x.suppressed(), x.estimatedDrops(),
          x.netns() == null ? "" : " in netns " + x.netns(), x.closed() ? "" : " (ongoing)");
    }
    if (f instanceof DropsFinding x) {
      return String.format(Locale.ROOT, "%-20s drops       %s .. %s  drop +%d, early_drop +%d, insert_failed +%d",
          x.host(), t(x.start()), t(x.end()), x.drops(), x.earlyDrops(), x.insertFailed());
    }
    SaturationFinding x = (SaturationFinding) f;
    return String.format(Locale.ROOT, "%-20s saturation  %s  %d / %d = %.1f %% -> %s%s", x.host(), t(x.timestamp()),
        x.count(), x.max(), x.utilization() * 100, x.level().wireName(),
        x.forecastFullAt() == null ? "" : ", full at " + t(x.forecastFullAt()) + " if the trend holds");
  }

  /** Instants shown to people: milliseconds are enough. */
  private static java.time.Instant t(java.time.Instant i) {
    return i == null ? null : i.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
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
    b.append("   /etc/sysctl.d/90-conntrack-advisor.conf:\n");
    for (String line : r.sysctlConf().split("\n")) {
      b.append("     ").append(line).append('\n');
    }
    if (r.modprobeConf() != null) {
      b.append("   /etc/modprobe.d/nf_conntrack.conf:\n");
      for (String line : r.modprobeConf().split("\n")) {
        b.append("     ").append(line).append('\n');
      }
    }
    return b.toString();
  }
}
