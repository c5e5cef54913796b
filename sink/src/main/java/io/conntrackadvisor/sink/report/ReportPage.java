package io.conntrackadvisor.sink.report;

import io.conntrackadvisor.model.TopNamespace;
import io.conntrackadvisor.sink.RecommendationValidator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The self-contained HTML page of the fleet, for the static report and the live dashboard alike: a fleet table
 * (host, severity, utilization, drops in the window, current and recommended {@code nf_conntrack_max}) sorted by
 * severity, and per host its advice, the network namespaces that hold most entries and an inline {@link SvgChart}.
 * Links choose the window ({@link ReportWindows}). One inline script, allowed by its hash in the
 * Content-Security-Policy (nothing else may load or run), shows axis times in local time on hover and, when the
 * page came from the sink's dashboard, replaces the {@code #live} part with each newer version the server has
 * ({@code live?since=VERSION}, a long poll) without a reload. Opened from a file it stays as written.
 */
final class ReportPage {
  /** Attribute of {@code <body>} counting the updates the page received without a reload. */
  static final String UPDATES = "data-updates";
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final String STYLE = """
      body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1b1f23}
      table{border-collapse:collapse}th,td{padding:4px 10px;border-bottom:1px solid #ddd;text-align:left}
      td.num{text-align:right;font-variant-numeric:tabular-nums}
      .sev-critical{color:#fff;background:#c62828}.sev-warning{background:#ffb300}.sev-info{background:#e0f2f1}
      section.host{margin-top:28px}.meta{color:#57606a}nav.windows a{margin-right:10px}
      nav.windows a.current{font-weight:bold;text-decoration:none;color:#1b1f23}
      svg.chart{background:#fafbfc;border:1px solid #ddd}svg text{font:11px sans-serif;fill:#57606a}
      .axis{stroke:#999}.grid{stroke:#e6e8eb}.count{fill:none;stroke:#1565c0;stroke-width:1.5}.count-end{fill:#1565c0}
      .max{fill:none;stroke:#c62828;stroke-width:1.5;stroke-dasharray:5 3}.burst{fill:#ff9800;fill-opacity:.35}
      .dropbar{fill:#6a1b9a;fill-opacity:.7}.forecast{fill:none;stroke:#1565c0;stroke-width:1.5;stroke-dasharray:2 3}
      .rec{stroke:#2e7d32;stroke-width:1.5;stroke-dasharray:8 4}svg text.rec-label{fill:#2e7d32}
      svg text.burst-label{fill:#e65100}
      table.namespaces{margin:8px 0 12px}h3{font-size:15px;margin:16px 0 4px}
      .legend span{margin-right:16px}pre{background:#f6f8fa;padding:8px;max-width:740px}
      """;
  static final String SCRIPT = """
      (function(){
      function fmt(t){var d=new Date(t);return d.toLocaleString()+' local, '+d.toISOString().slice(0,19).replace('T',' ')+' UTC';}
      function times(root){root.querySelectorAll('[data-t]').forEach(function(e){var s=fmt(+e.getAttribute('data-t'));
      var t=e.querySelector('title');if(!t){t=e.appendChild(document.createElementNS('http://www.w3.org/2000/svg','title'));}
      t.textContent=s;});}
      times(document);
      if(!/^https?:$/.test(location.protocol)){return;}
      function poll(){var live=document.getElementById('live');var q=new URLSearchParams(location.search);
      q.set('window',live.getAttribute('data-window'));q.set('since',live.getAttribute('data-version'));
      fetch('live?'+q.toString(),{cache:'no-store'}).then(function(r){
      if(r.status!==200){setTimeout(poll,r.status===204?1000:5000);return;}
      return r.text().then(function(text){var t=document.createElement('template');t.innerHTML=text;
      var next=t.content.firstElementChild;live.replaceWith(next);times(next);
      document.body.setAttribute('data-updates',String(+document.body.getAttribute('data-updates')+1));
      setTimeout(poll,2000);});}).catch(function(){setTimeout(poll,5000);});}
      poll();
      })();
      """;
  private static final String SCRIPT_HASH = sha256(SCRIPT);

  /**
   * Which page this is: {@code self}, the file or path of the page (its window link is marked current), and
   * {@code host}, the one host shown, or null for the whole fleet.
   */
  record View(String self, String host) {
  }

  private ReportPage() {
  }

  /**
   * The page for {@code hosts} as of {@code now}, looking back {@code window}; {@code version} is that of the
   * {@link LiveFleet} snapshot it shows (0 for a static page).
   */
  static String render(Collection<HostHistory> hosts, Instant now, Duration window, View view, long version) {
    StringBuilder b = new StringBuilder(16384);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
        .append("style-src 'unsafe-inline'; img-src data:; script-src 'sha256-").append(SCRIPT_HASH)
        .append("'; connect-src 'self'\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<link rel=\"icon\" href=\"data:,\">\n<title>conntrack-advisor fleet</title>\n<style>")
        .append(STYLE).append("</style></head>\n<body ").append(UPDATES).append("=\"0\">\n")
        .append("<h1>conntrack-advisor fleet</h1>\n<nav class=\"windows\">Window:");
    for (Duration w : ReportWindows.CHOICES) {
      String file = ReportWindows.fileOf(w);
      b.append(" <a href=\"").append(file).append(view.host() == null ? "" : "?host=" + Html.escape(view.host()))
          .append('"').append(file.equals(view.self()) ? " class=\"current\"" : "").append('>').append(human(w))
          .append("</a>");
    }
    b.append("</nav>\n");
    live(b, hosts, now, window, view, version);
    return b.append("<script>").append(SCRIPT).append("</script>\n</body></html>\n").toString();
  }

  /** The part of the page that the dashboard replaces on each update: {@code <div id="live">}. */
  static String live(Collection<HostHistory> hosts, Instant now, Duration window, View view, long version) {
    StringBuilder b = new StringBuilder(16384);
    live(b, hosts, now, window, view, version);
    return b.toString();
  }

  private static void live(StringBuilder b, Collection<HostHistory> hosts, Instant now, Duration window, View view,
      long version) {
    List<HostHistory> sorted = hosts.stream().filter(h -> view.host() == null || view.host().equals(h.host()))
        .sorted(Comparator
        .comparingInt((HostHistory h) -> h.advice() == null ? -1 : h.advice().severity().ordinal()).reversed()
        .thenComparing(h -> h.utilization() == null ? -1.0 : h.utilization(), Comparator.reverseOrder())
        .thenComparing(HostHistory::host)).toList();
    Instant from = now.minus(window);
    b.append("<div id=\"live\" data-version=\"").append(version).append("\" data-window=\"")
        .append(ReportWindows.name(window)).append("\">\n<p class=\"meta\">Updated <span data-t=\"")
        .append(now.toEpochMilli()).append("\">").append(STAMP.format(now)).append("</span> &middot; ")
        .append(sorted.size()).append(sorted.size() == 1 ? " host" : " hosts").append(" &middot; window ").append(human(window)).append("</p>\n");
    table(b, sorted, from, window);
    for (HostHistory h : sorted) {
      section(b, h, from, now);
    }
    b.append("</div>\n");
  }

  private static String sha256(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
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
    b.append(SvgChart.render(h, from, now)).append('\n')
        .append("<p class=\"legend\"><span style=\"color:#1565c0\">&#9473; entries (&#8943; trend)</span>")
        .append("<span style=\"color:#c62828\">&#9476; nf_conntrack_max</span>")
        .append("<span style=\"color:#2e7d32\">&#9476; recommended max</span>")
        .append("<span style=\"color:#ff9800\">&#9632; table-full bursts</span>")
        .append("<span style=\"color:#6a1b9a\">&#9632; dropped packets (counter)</span></p>\n</section>\n");
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
    Long now = a.current().get(RecommendationValidator.MAX);
    Long rec = a.recommended().get(RecommendationValidator.MAX);
    String nowText = now == null ? "?" : String.format(Locale.ROOT, "%,d", now);
    return rec == null ? nowText + " (keep)" : nowText + " &rarr; " + String.format(Locale.ROOT, "%,d", rec);
  }

  /** {@code 24 h}, {@code 90 min}. */
  static String human(Duration d) {
    if (d.toMinutes() % (24 * 60) == 0 && d.toDays() > 1) {
      return d.toDays() + " d";
    }
    return d.toMinutes() % 60 == 0 ? d.toHours() + " h" : d.toMinutes() + " min";
  }
}
