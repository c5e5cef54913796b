package io.conntrackadvisor.sink;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An inline SVG chart of one host's table over time: entries ({@code count}) as a line, the limit ({@code max}) as
 * a step line, bursts of table-full messages as shaded bands with a tooltip. Plain SVG, no script, no fonts.
 */
final class SvgChart {
  static final int WIDTH = 760;
  static final int HEIGHT = 200;
  private static final int LEFT = 70;
  private static final int RIGHT = 10;
  private static final int TOP = 10;
  private static final int BOTTOM = 24;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Instant from;
  private final Instant to;
  private final double yMax;

  private SvgChart(Instant from, Instant to, double yMax) {
    this.from = from;
    this.to = to.isAfter(from) ? to : from.plusSeconds(1);
    this.yMax = yMax;
  }

  /** The chart of {@code h} up to {@code to}, from its first entry but not before {@code windowStart}. */
  static String render(HostHistory h, Instant windowStart, Instant to) {
    long top = 1;
    Instant first = to;
    for (HostHistory.Point p : h.points()) {
      top = Math.max(top, Math.max(p.count(), p.max()));
      first = p.timestamp().isBefore(first) ? p.timestamp() : first;
    }
    for (HostHistory.Burst b : h.bursts()) {
      first = b.start().isBefore(first) ? b.start() : first;
    }
    Instant from = first.isBefore(windowStart) || first.equals(to) ? windowStart : first;
    return new SvgChart(from, to, top * 1.1).svg(h);
  }

  private String svg(HostHistory h) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
        + "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">", WIDTH, HEIGHT, WIDTH, HEIGHT,
        Html.escape("conntrack entries and limit of " + h.host())));
    axes(b);
    for (HostHistory.Burst burst : h.bursts()) {
      double x1 = x(burst.start());
      double w = Math.max(2.0, x(burst.end()) - x1);
      b.append(String.format(Locale.ROOT, "<rect class=\"burst\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\">"
          + "<title>%s</title></rect>", x1, TOP, w, HEIGHT - TOP - BOTTOM, Html.escape("burst " + burst.start()
          + " to " + burst.end() + ": " + burst.messages() + " messages, about " + burst.estimatedDrops()
          + " drops")));
    }
    if (h.points().isEmpty()) {
      b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">no table samples in this window</text>",
          LEFT + 20, HEIGHT / 2));
    } else {
      b.append("<polyline class=\"max\" points=\"").append(line(h.points(), true)).append("\"/>");
      b.append("<polyline class=\"count\" points=\"").append(line(h.points(), false)).append("\"/>");
    }
    return b.append("</svg>").toString();
  }

  private void axes(StringBuilder b) {
    int bottom = HEIGHT - BOTTOM;
    b.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
        LEFT, TOP, LEFT, bottom));
    b.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
        LEFT, bottom, WIDTH - RIGHT, bottom));
    b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%,d</text>",
        LEFT - 4, TOP + 10, Math.round(yMax)));
    b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>", LEFT - 4, bottom));
    b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>", LEFT, HEIGHT - 6, TIME.format(from)));
    b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s UTC</text>", WIDTH - RIGHT,
        HEIGHT - 6, TIME.format(to)));
  }

  /** The polyline of counts, or of limits drawn as steps (a limit holds until the next sample changes it). */
  private String line(List<HostHistory.Point> points, boolean limit) {
    StringBuilder b = new StringBuilder();
    double lastY = Double.NaN;
    for (HostHistory.Point p : perColumn(points)) {
      double x = x(p.timestamp());
      double y = y(limit ? p.max() : p.count());
      if (limit && !Double.isNaN(lastY)) {
        b.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, lastY));
      }
      b.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      lastY = y;
    }
    if (limit) {
      b.append(String.format(Locale.ROOT, "%.1f,%.1f", x(to), lastY));
    }
    return b.toString().strip();
  }

  /** At most one point per pixel column: its fullest count and its last limit, so long histories stay small. */
  private List<HostHistory.Point> perColumn(List<HostHistory.Point> points) {
    List<HostHistory.Point> out = new ArrayList<>();
    long lastColumn = Long.MIN_VALUE;
    for (HostHistory.Point p : points) {
      long column = Math.round(x(p.timestamp()));
      if (column == lastColumn) {
        HostHistory.Point prev = out.remove(out.size() - 1);
        p = new HostHistory.Point(prev.timestamp(), Math.max(prev.count(), p.count()), p.max());
      }
      out.add(p);
      lastColumn = column;
    }
    return out;
  }

  private double x(Instant t) {
    double span = to.toEpochMilli() - from.toEpochMilli();
    double frac = (t.toEpochMilli() - from.toEpochMilli()) / span;
    return LEFT + Math.max(0.0, Math.min(1.0, frac)) * (WIDTH - LEFT - RIGHT);
  }

  private double y(long value) {
    return HEIGHT - BOTTOM - (value / yMax) * (HEIGHT - TOP - BOTTOM);
  }
}
