package io.conntrackadvisor.model;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.time.Instant;

/**
 * Findings as JSON, written field by field instead of through Jackson's databind: the same bytes as
 * {@link Json#write} (FindingJsonTest compares the two on random findings of every type), at a fraction of the cost.
 * {@code analyze} prints tens of thousands of findings per gigabyte of log, and databind's first use and its
 * per-object work were a third of the command's time. Strings are quoted by Jackson's own encoder, instants by
 * {@link IsoInstant} as the mapping writes them too; a finding with a utilization that is not a finite number goes to
 * {@link Json}.
 */
public final class FindingJson {
  private FindingJson() {
  }

  /** The finding's JSON, one line. */
  public static String write(Finding f) {
    StringBuilder sb = new StringBuilder(200);
    append(sb, f);
    return sb.toString();
  }

  /** Appends the finding's JSON (one line, no line end) to {@code sb}. */
  public static void append(StringBuilder sb, Finding f) {
    if (f instanceof SaturationFinding s && !Double.isFinite(s.utilization())) {
      // Jackson writes NaN and infinities as quoted strings
      sb.append(Json.write(f));
      return;
    }
    if (f instanceof BurstFinding b) {
      sb.append("{\"type\":\"burst\"");
      string(sb, "host", b.host());
      sb.append(",\"netns\":").append(b.netns());
      instant(sb, "start", b.start());
      instant(sb, "end", b.end());
      sb.append(",\"messages\":").append(b.messages());
      sb.append(",\"suppressed\":").append(b.suppressed());
      sb.append(",\"estimatedDrops\":").append(b.estimatedDrops());
      sb.append(",\"closed\":").append(b.closed());
      if (b.vps() != null) {
        sb.append(",\"vps\":").append(b.vps());
      }
      if (b.timeEstimated() != null) {
        sb.append(",\"timeEstimated\":\"").append(b.timeEstimated().wireName()).append('"');
      }
    } else if (f instanceof DropsFinding d) {
      sb.append("{\"type\":\"drops\"");
      string(sb, "host", d.host());
      instant(sb, "start", d.start());
      instant(sb, "end", d.end());
      sb.append(",\"drops\":").append(d.drops());
      sb.append(",\"earlyDrops\":").append(d.earlyDrops());
      sb.append(",\"insertFailed\":").append(d.insertFailed());
    } else {
      SaturationFinding s = (SaturationFinding) f;
      sb.append("{\"type\":\"saturation\"");
      string(sb, "host", s.host());
      instant(sb, "timestamp", s.timestamp());
      sb.append(",\"count\":").append(s.count());
      sb.append(",\"max\":").append(s.max());
      sb.append(",\"utilization\":").append(s.utilization());
      sb.append(",\"level\":\"").append(s.level().wireName()).append('"');
      instant(sb, "forecastFullAt", s.forecastFullAt());
    }
    sb.append('}');
  }

  private static void string(StringBuilder sb, String name, String value) {
    if (name(sb, name, value)) {
      JsonStringEncoder.getInstance().quoteAsString(value, sb);
      sb.append('"');
    }
  }

  private static void instant(StringBuilder sb, String name, Instant t) {
    if (name(sb, name, t)) {
      IsoInstant.append(sb, t).append('"');
    }
  }

  /** Appends {@code ,"name":} and then {@code null}, or the opening quote of the value; false for null. */
  private static boolean name(StringBuilder sb, String name, Object value) {
    sb.append(",\"").append(name).append("\":").append(value == null ? "null" : "\"");
    return value != null;
  }
}
