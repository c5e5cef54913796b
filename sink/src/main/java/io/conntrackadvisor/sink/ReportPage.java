package io.conntrackadvisor.sink;

import io.conntrackadvisor.model.TopNamespace;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The self-contained HTML report: a fleet table (host, severity, utilization, drops in the window, current and
 * recommended {@code nf_conntrack_max}) and per host its advice, the network namespaces that hold most entries and
 * an inline SVG chart. No scripts and no external
 * assets; a Content-Security-Policy forbids loading any, so the page works offline and from a file share.
 */
final class ReportPage {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final String STYLE = """
      body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1b1f23}
      table{border-collapse:collapse}th,td{padding:4px 10px;border-bottom:1px solid #ddd;text-align:left}
      td.num{text-align:right;font-variant-numeric:tabular-nums}
      .sev-critical{color:#fff;background:#c62828}.sev-warning{background:#ffb300}.sev-info{background:#e0f2f1}
      section.host{margin-top:28px}.meta{color:#57606a}
      svg.chart{background:#fafbfc;border:1px solid #ddd}svg text{font:11px sans-serif;fill:#57606a}
      .axis{stroke:#999}.count{fill:none;stroke:#1565c0;stroke-width:1.5}
      .max{fill:none;stroke:#c62828;stroke-width:1.5;stroke-dasharray:5 3}.burst{fill:#ff9800;fill-opacity:.35}
      table.namespaces{margin:8px 0 12px}h3{font-size:15px;margin:16px 0 4px}
      .legend span{margin-right:16px}pre{background:#f6f8fa;padding:8px;max-width:740px}
      """;

  private ReportPage() {
  }

  /** The page for {@code hosts} as of {@code now}, looking back {@code window}. */
  static String render(Collection<HostHistory> hosts, Instant now, Duration window) {
    List<HostHistory> sorted = hosts.stream().sorted(Comparator
        .comparingInt((HostHistory h) -> h.advice() == null ? -1 : h.advice().severity().ordinal()).reversed()
        .thenComparing(h -> h.utilization() == null ? -1.0 : h.utilization(), Comparator.reverseOrder())
        .thenComparing(HostHistory::host)).toList();
    Instant from = now.minus(window);
    StringBuilder b = new StringBuilder(8192);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
        .append("style-src 'unsafe-inline'; img-src data:\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<link rel=\"icon\" href=\"data:,\">\n<title>conntrack-advisor fleet report</title>\n<style>")
        .append(STYLE).append("</style></head>\n<body>\n<h1>conntrack-advisor fleet report</h1>\n")
        .append("<p class=\"meta\">Generated ").append(STAMP.format(now)).append(" &middot; ").append(sorted.size())
        .append(" hosts &middot; window ").append(human(window)).append("</p>\n");
    table(b, sorted, from, window);
    for (HostHistory h : sorted) {
      section(b, h, from, now);
    }
    return b.append("</body></html>\n").toString();
  }

  private static void table(StringBuilder b, List<HostHistory> hosts, Instant from, Duration window) {
    b.append("<table id=\"fleet\"><thead><tr><th>Host</th><th>Severity</th><th>Utilization</th><th>Drops (")
        .append(human(window)).append(")</th><th>nf_conntrack_max now &rarr; recommended</th></tr></thead>\n")
        .append("<tbody>\n");
    for (HostHistory h : hosts) {
      String sev = h.advice() == null ? "unknown" : h.advice().severity().wireName();
      Double u = h.utilization();
      String host = Html.escape(h.host());
      b.append("<tr class=\"host-row\" data-host=\"").append(host).append("\">")
          .append("<td><a href=\"#host-").append(host).append("\">").append(host).append("</a></td>")
          .append("<td class=\"sev sev-").append(sev).append("\">").append(sev).append("</td>")
          .append(number(u == null ? "&ndash;" : String.format(Locale.ROOT, "%.1f %%", u * 100)))
          .append(number(drops(h, from)))
          .append(number(maxChange(h)))
          .append("</tr>\n");
    }
    b.append("</tbody></table>\n");
  }

  private static String number(String html) {
    return "<td class=\"num\">" + html + "</td>";
  }

  private static void section(StringBuilder b, HostHistory h, Instant from, Instant now) {
    String host = Html.escape(h.host());
    b.append("<section class=\"host\" id=\"host-").append(host).append("\"><h2>").append(host).append("</h2>\n");
    HostHistory.Advice a = h.advice();
    if (a != null) {
      b.append("<p>Advice of ").append(STAMP.format(a.timestamp())).append(": <strong>")
          .append(a.severity().wireName()).append("</strong></p>\n<ul class=\"reasons\">");
      for (String reason : a.reasons()) {
        b.append("<li>").append(Html.escape(reason)).append("</li>");
      }
      b.append("</ul>\n");
      if (!a.recommended().isEmpty()) {
        b.append("<pre>");
        a.recommended().forEach((k, v) -> b.append(k).append(" = ").append(v).append('\n'));
        b.append("</pre>\n");
      }
      namespaces(b, a.namespaces());
    }
    Instant to = h.points().isEmpty() || !h.latest().timestamp().isAfter(now) ? now : h.latest().timestamp();
    b.append(SvgChart.render(h, from, to)).append('\n')
        .append("<p class=\"legend\"><span style=\"color:#1565c0\">&#9473; entries</span>")
        .append("<span style=\"color:#c62828\">&#9476; nf_conntrack_max</span>")
        .append("<span style=\"color:#ff9800\">&#9632; table-full bursts</span></p>\n</section>\n");
  }

  /**
   * Who fills the table: the namespaces that held most entries when the advice was made. Owner names come from
   * container ids and process names anybody can choose, so they are escaped like every other text.
   */
  private static void namespaces(StringBuilder b, List<TopNamespace> top) {
    if (top.isEmpty()) {
      return;
    }
    b.append("<h3>Top namespaces</h3>\n<table class=\"namespaces\"><thead><tr><th>netns</th><th>Owner</th>")
        .append("<th>Entries</th><th>Share of max</th><th>drop (total)</th><th>early_drop (total)</th></tr>")
        .append("</thead>\n<tbody>\n");
    for (TopNamespace t : top) {
      b.append("<tr class=\"ns-row\" data-netns=\"").append(t.netns()).append("\"><td>").append(t.netns())
          .append("</td><td>").append(Html.escape(t.owner())).append("</td>")
          .append(number(String.format(Locale.ROOT, "%,d", t.count())))
          .append(number(String.format(Locale.ROOT, "%.1f %%", t.share() * 100)))
          .append(number(counter(t.drop())))
          .append(number(counter(t.earlyDrop())))
          .append("</tr>\n");
    }
    b.append("</tbody></table>\n");
  }

  private static String counter(Long value) {
    return value == null ? "&ndash;" : String.format(Locale.ROOT, "%,d", value);
  }

  /** Counted drops in the window; when only kernel messages tell of drops, their estimate marked {@code ≈}. */
  private static String drops(HostHistory h, Instant from) {
    long counted = h.drops().stream().filter(d -> !d.end().isBefore(from)).mapToLong(HostHistory.Drops::drops).sum();
    boolean anyCounted = h.drops().stream().anyMatch(d -> !d.end().isBefore(from));
    long estimated = h.bursts().stream().filter(x -> !x.end().isBefore(from))
        .mapToLong(HostHistory.Burst::estimatedDrops).sum();
    if (!anyCounted && estimated > 0) {
      return String.format(Locale.ROOT, "&asymp;%,d", estimated);
    }
    return String.format(Locale.ROOT, "%,d", counted);
  }

  private static String maxChange(HostHistory h) {
    HostHistory.Advice a = h.advice();
    if (a == null) {
      return "&ndash;";
    }
    Map<String, Long> current = a.current();
    Long now = current.get(RecommendationValidator.MAX);
    Long rec = a.recommended().get(RecommendationValidator.MAX);
    String nowText = now == null ? "?" : String.format(Locale.ROOT, "%,d", now);
    return rec == null ? nowText + " (keep)" : nowText + " &rarr; " + String.format(Locale.ROOT, "%,d", rec);
  }

  /** {@code 24 h}, {@code 90 min}. */
  static String human(Duration d) {
    return d.toMinutes() % 60 == 0 ? d.toHours() + " h" : d.toMinutes() + " min";
  }
}
