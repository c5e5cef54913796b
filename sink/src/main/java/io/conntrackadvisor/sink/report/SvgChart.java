package io.conntrackadvisor.sink.report;

import io.conntrackadvisor.sink.RecommendationValidator;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An inline SVG chart of one host's table over time, on a time axis fitted to the data of the window: entries
 * ({@code count}) as a line with one vertex per sample, the limit ({@code max}) as a step line, table-full bursts as
 * bands at their times with their estimated drops, drop-counter increases as bars, the forecast as a dashed
 * extension towards the time the table is full, and the recommended limit as a line where it would sit. Times are
 * UTC on the axis; each tick carries its instant ({@code data-t}) for the page to show local time on hover.
 */
final class SvgChart {
  static final int WIDTH = 760;
  static final int HEIGHT = 220;
  /** Most vertices of the entries line; beyond, one per half pixel column (the fullest). */
  static final int MAX_VERTICES = 1400;
  private static final int LEFT = 72;
  private static final int RIGHT = 14;
  private static final int TOP = 16;
  private static final int BOTTOM = 36;
  private static final int TICKS = 5;
  /** A recommended limit higher than this many times the data is named, not drawn: it would flatten the lines. */
  private static final int REC_SCALE = 4;
  private static final Duration MIN_SPAN = Duration.ofMinutes(1);
  private static final DateTimeFormatter SECONDS = time("HH:mm:ss");
  private static final DateTimeFormatter MINUTES = time("HH:mm");
  private static final DateTimeFormatter DAYS = time("MM-dd HH:mm");

  private final long x0;
  private final long x1;
  private final double yTop;

  private SvgChart(Instant from, Instant to, double yTop) {
    this.x0 = from.toEpochMilli();
    this.x1 = Math.max(to.toEpochMilli(), x0 + 1);
    this.yTop = yTop;
  }

  private static DateTimeFormatter time(String pattern) {
    return DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withZone(ZoneOffset.UTC);
  }

  /** The chart of what {@code h} knows from {@code windowStart} on, as of {@code now}. */
  static String render(HostHistory h, Instant windowStart, Instant now) {
    HostHistory w = h.prunedBefore(windowStart);
    Instant first = null;
    Instant last = now;
    for (HostHistory.Point p : w.points()) {
      first = earliest(first, p.timestamp());
      last = p.timestamp().isAfter(last) ? p.timestamp() : last;
    }
    for (HostHistory.Burst b : w.bursts()) {
      first = earliest(first, b.start().isBefore(windowStart) ? windowStart : b.start());
    }
    for (HostHistory.Drops d : w.drops()) {
      first = earliest(first, d.start().isBefore(windowStart) ? windowStart : d.start());
    }
    Instant from = first == null ? windowStart : first;
    if (Duration.between(from, last).compareTo(MIN_SPAN) < 0) {
      last = from.plus(MIN_SPAN); // a young history starts at the left edge and grows to the right
    }
    HostHistory.Forecast f = forecastShown(w, windowStart);
    Instant to = last;
    if (f != null) {
      Instant reach = last.plus(Duration.between(from, last).dividedBy(4));
      to = f.fullAt().isBefore(reach) ? f.fullAt() : reach;
    }
    long top = 1;
    for (HostHistory.Point p : w.points()) {
      top = Math.max(top, Math.max(p.count(), p.max()));
    }
    Long rec = h.advice() == null ? null : h.advice().recommended().get(RecommendationValidator.MAX);
    if (rec != null && rec <= top * REC_SCALE) {
      top = Math.max(top, rec);
    }
    return new SvgChart(from, to, nice(top * 1.05)).svg(w, f, rec);
  }

  private static Instant earliest(Instant a, Instant b) {
    return a == null || b.isBefore(a) ? b : a;
  }

  /** The forecast when it is about the fill shown and lies ahead of it. */
  private static HostHistory.Forecast forecastShown(HostHistory w, Instant windowStart) {
    HostHistory.Forecast f = w.forecast();
    HostHistory.Point latest = w.latest();
    if (f == null || latest == null || f.at().isBefore(windowStart) || !f.fullAt().isAfter(latest.timestamp())) {
      return null;
    }
    return f;
  }

  /** The first of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten at or above {@code v}. */
  private static double nice(double v) {
    double p = Math.pow(10, Math.floor(Math.log10(Math.max(v, 1))));
    for (double m : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
      if (m * p >= v) {
        return m * p;
      }
    }
    return 10 * p;
  }

  private String svg(HostHistory h, HostHistory.Forecast f, Long rec) {
    StringBuilder b = new StringBuilder(4096);
    b.append(String.format(Locale.ROOT, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
        + "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\" data-x0=\"%d\" data-x1=\"%d\">",
        WIDTH, HEIGHT, WIDTH, HEIGHT, Html.escape("conntrack entries and limit of " + h.host()), x0, x1));
    axes(b);
    for (HostHistory.Burst burst : h.bursts()) {
      burst(b, burst);
    }
    drops(b, h.drops());
    List<HostHistory.Point> points = thinned(h.points());
    if (points.isEmpty()) {
      b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">no table samples in this window</text>",
          LEFT + 20, HEIGHT / 2));
    } else {
      b.append("<path class=\"max\" d=\"").append(steps(points)).append("\"/>");
      HostHistory.Point last = points.get(points.size() - 1);
      b.append("<path class=\"count\" data-points=\"").append(points.size()).append("\" data-last=\"")
          .append(last.timestamp().toEpochMilli()).append("\" d=\"").append(line(points)).append("\"/>");
      b.append(String.format(Locale.ROOT, "<circle class=\"count-end\" cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\">"
          + "<title>%,d of %,d entries at %s UTC</title></circle>", x(last.timestamp()), y(last.count()),
          last.count(), last.max(), SECONDS.format(last.timestamp())));
      if (f != null) {
        forecast(b, last, f);
      }
    }
    if (rec != null) {
      recommended(b, rec);
    }
    return b.append("</svg>").toString();
  }

  private void axes(StringBuilder b) {
    int bottom = HEIGHT - BOTTOM;
    b.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>"
        + "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", LEFT, TOP, LEFT, bottom, LEFT, bottom,
        WIDTH - RIGHT, bottom));
    for (int i = 0; i <= 2; i++) {
      double v = yTop * i / 2;
      b.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>"
          + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%,d</text>", LEFT, y(v), WIDTH - RIGHT, y(v), LEFT - 4,
          y(v) + 4, Math.round(v)));
    }
    long span = x1 - x0;
    DateTimeFormatter fmt = span <= Duration.ofHours(2).toMillis() ? SECONDS
        : span <= Duration.ofDays(2).toMillis() ? MINUTES : DAYS;
    for (int i = 0; i < TICKS; i++) {
      long t = x0 + span * i / (TICKS - 1);
      String anchor = i == 0 ? "start" : i == TICKS - 1 ? "end" : "middle";
      b.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"%s\" "
          + "data-t=\"%d\">%s</text>", x(t), bottom + 14, anchor, t, fmt.format(Instant.ofEpochMilli(t))));
    }
    b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">time (UTC; hover a time for "
        + "local)</text>", WIDTH - RIGHT, HEIGHT - 4));
    b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">entries</text>", 4, TOP - 4));
  }

  private void burst(StringBuilder b, HostHistory.Burst burst) {
    double left = x(burst.start());
    double w = Math.max(3.0, x(burst.end()) - left);
    b.append(String.format(Locale.ROOT, "<rect class=\"burst\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
        + "data-start=\"%d\" data-end=\"%d\"><title>%s</title></rect>", left, TOP, w, HEIGHT - TOP - BOTTOM,
        burst.start().toEpochMilli(), burst.end().toEpochMilli(), Html.escape("table full from "
            + SECONDS.format(burst.start()) + " to " + SECONDS.format(burst.end()) + " UTC: " + burst.messages()
            + " kernel messages, about " + burst.estimatedDrops() + " packets dropped")));
    b.append(String.format(Locale.ROOT, "<text class=\"burst-label\" x=\"%.1f\" y=\"%d\">&#8776;%,d drops</text>",
        Math.min(left + 2, WIDTH - RIGHT - 70.0), TOP + 10, burst.estimatedDrops()));
  }

  /** Drop-counter increases as bars from the bottom, scaled to the largest (up to a third of the height). */
  private void drops(StringBuilder b, List<HostHistory.Drops> drops) {
    long most = drops.stream().mapToLong(HostHistory.Drops::drops).max().orElse(0);
    double room = (HEIGHT - TOP - BOTTOM) / 3.0;
    for (HostHistory.Drops d : drops) {
      if (d.drops() <= 0) {
        continue;
      }
      double left = x(d.start());
      double w = Math.max(2.0, x(d.end()) - left);
      double hgt = Math.max(2.0, room * d.drops() / most);
      b.append(String.format(Locale.ROOT, "<rect class=\"dropbar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
          + "height=\"%.1f\"><title>%,d packets dropped (drop counter) from %s to %s UTC</title></rect>", left,
          HEIGHT - BOTTOM - hgt, w, hgt, d.drops(), SECONDS.format(d.start()), SECONDS.format(d.end())));
    }
  }

  private void forecast(StringBuilder b, HostHistory.Point last, HostHistory.Forecast f) {
    double t0 = last.timestamp().toEpochMilli();
    double t1 = f.fullAt().toEpochMilli();
    double endT = Math.min(t1, x1);
    double v = last.count() + (f.max() - last.count()) * (endT - t0) / (t1 - t0);
    b.append(String.format(Locale.ROOT, "<path class=\"forecast\" d=\"M%.1f,%.1f L%.1f,%.1f\"><title>%s</title>"
        + "</path>", x((long) t0), y(last.count()), x((long) endT), y(v), Html.escape("trend: full ("
            + f.max() + ") at " + MINUTES.format(f.fullAt()) + " UTC")));
    b.append(String.format(Locale.ROOT, "<text class=\"forecast-label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" "
        + "data-t=\"%d\">full &#8776; %s UTC</text>", x((long) endT), Math.max(TOP + 22.0, y(v) - 6),
        f.fullAt().toEpochMilli(), DAYS.format(f.fullAt())));
  }

  private void recommended(StringBuilder b, long rec) {
    if (rec > yTop) {
      b.append(String.format(Locale.ROOT, "<text class=\"rec-label\" x=\"%d\" y=\"%d\" text-anchor=\"end\">"
          + "recommended nf_conntrack_max %,d (off scale &#8593;)</text>", WIDTH - RIGHT, TOP + 10, rec));
      return;
    }
    b.append(String.format(Locale.ROOT, "<line class=\"rec\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>"
        + "<text class=\"rec-label\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">recommended %,d</text>", LEFT, y(rec),
        WIDTH - RIGHT, y(rec), WIDTH - RIGHT, y(rec) - 4, rec));
  }

  private String line(List<HostHistory.Point> points) {
    StringBuilder b = new StringBuilder(points.size() * 14);
    char op = 'M';
    for (HostHistory.Point p : points) {
      b.append(String.format(Locale.ROOT, "%c%.1f,%.1f ", op, x(p.timestamp()), y(p.count())));
      op = 'L';
    }
    return b.toString().strip();
  }

  /** The limit as steps: it holds until the next sample changes it, and to the end of the axis. */
  private String steps(List<HostHistory.Point> points) {
    StringBuilder b = new StringBuilder();
    Double lastY = null;
    for (HostHistory.Point p : points) {
      double x = x(p.timestamp());
      double y = y(p.max());
      if (lastY == null) {
        b.append(String.format(Locale.ROOT, "M%.1f,%.1f ", x, y));
      } else if (y != lastY) {
        b.append(String.format(Locale.ROOT, "L%.1f,%.1f L%.1f,%.1f ", x, lastY, x, y));
      }
      lastY = y;
    }
    return b.append(String.format(Locale.ROOT, "L%.1f,%.1f", x(x1), lastY)).toString();
  }

  /** Every point up to {@link #MAX_VERTICES}; beyond, the fullest of each half pixel column with its last limit. */
  private List<HostHistory.Point> thinned(List<HostHistory.Point> points) {
    if (points.size() <= MAX_VERTICES) {
      return points;
    }
    List<HostHistory.Point> out = new ArrayList<>();
    long lastColumn = Long.MIN_VALUE;
    for (HostHistory.Point p : points) {
      long column = Math.round(x(p.timestamp()) * 2);
      if (column == lastColumn) {
        HostHistory.Point prev = out.remove(out.size() - 1);
        p = prev.count() >= p.count() ? new HostHistory.Point(prev.timestamp(), prev.count(), p.max()) : p;
      }
      out.add(p);
      lastColumn = column;
    }
    return out;
  }

  private double x(Instant t) {
    return x(t.toEpochMilli());
  }

  private double x(long t) {
    double frac = (double) (t - x0) / (double) (x1 - x0);
    return LEFT + Math.max(0.0, Math.min(1.0, frac)) * (WIDTH - LEFT - RIGHT);
  }

  private double y(double value) {
    return HEIGHT - BOTTOM - (value / yTop) * (HEIGHT - TOP - BOTTOM);
  }
}
