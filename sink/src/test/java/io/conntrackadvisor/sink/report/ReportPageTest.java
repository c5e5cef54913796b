package io.conntrackadvisor.sink.report;

import io.conntrackadvisor.sink.TestData;
import static io.conntrackadvisor.sink.TestData.MAX;
import static io.conntrackadvisor.sink.TestData.T;
import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.model.BurstFinding;
import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.DropsFinding;
import io.conntrackadvisor.model.Recommendation;
import io.conntrackadvisor.model.SaturationFinding;
import io.conntrackadvisor.model.SaturationLevel;
import io.conntrackadvisor.model.Severity;
import io.conntrackadvisor.model.TopNamespace;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ReportPageTest {
  private static final Instant NOW = T.plusSeconds(3600);
  private static final Duration DAY = Duration.ofHours(24);

  private static HostHistory host(String name, Severity severity, long count, long max) {
    Recommendation r = new Recommendation(name, T, severity, Map.of(MAX, max), Map.of(MAX, max * 2),
        List.of("because"), "", null);
    return HostHistory.empty(name).with(TestData.valid(r))
        .with(new SaturationFinding(name, T, count, max, (double) count / max, SaturationLevel.OK, null));
  }

  /** The 24-hour page as of {@code NOW}, without its own script (so that a test sees only what data wrote). */
  private static String page(List<HostHistory> hosts) {
    String html = ReportPage.render(hosts, NOW, DAY, new ReportPage.View("index.html", null), 0);
    assertThat(html).contains("<script>" + ReportPage.SCRIPT + "</script>");
    return html.replace("<script>" + ReportPage.SCRIPT + "</script>", "");
  }

  private static List<String> rowHosts(String html) {
    Matcher m = Pattern.compile("<tr class=\"host-row\" data-host=\"([^\"]+)\"").matcher(html);
    return m.results().map(r -> r.group(1)).toList();
  }

  @Test
  void shouldListEveryHostMostSevereAndFullestFirst() {
    String html = page(List.of(host("db-2", Severity.INFO, 70, 200),
        host("lb-1", Severity.CRITICAL, 199, 200), host("api-gw-3", Severity.WARNING, 180, 200),
        host("lb-2", Severity.CRITICAL, 150, 200)));

    assertThat(rowHosts(html)).containsExactly("lb-1", "lb-2", "api-gw-3", "db-2");
    assertThat(html).contains("<td class=\"num\">99.5 %</td>").contains("200 &rarr; 400")
        .contains("<td class=\"sev sev-critical\">critical</td>").contains("Drops (24 h)");
  }

  @Test
  void shouldCountDropsInTheWindowAndFallBackToTheBurstEstimate() {
    HostHistory counted = host("lb-1", Severity.CRITICAL, 199, 200)
        .with(new DropsFinding("lb-1", T, T.plusSeconds(30), 1200, 0, 0))
        .with(new DropsFinding("lb-1", T.plusSeconds(30), T.plusSeconds(60), 34, 0, 0));
    HostHistory estimated = host("edge-9", Severity.WARNING, 150, 200)
        .with(BurstFinding.of("edge-9", null, T, T.plusSeconds(6), 7, 412, true));

    String html = page(List.of(counted, estimated));

    assertThat(html).contains("<td class=\"num\">1,234</td>").contains("<td class=\"num\">&asymp;419</td>");
  }

  @Test
  void shouldDrawEntriesLimitAndBurstsAsInlineSvg() {
    HostHistory h = host("lb-1", Severity.CRITICAL, 100, 200)
        .with(new SaturationFinding("lb-1", T.plusSeconds(600), 200, 200, 1.0, SaturationLevel.CRITICAL, null))
        .with(BurstFinding.of("lb-1", null, T.plusSeconds(590), T.plusSeconds(620), 7, 412, true));

    String html = page(List.of(h));

    assertThat(html).contains("<svg class=\"chart\"").contains("<path class=\"count\" data-points=\"2\"")
        .contains("<path class=\"max\"").contains("<rect class=\"burst\"")
        .contains("7 kernel messages, about 419 packets dropped");
  }

  @Test
  void shouldFitTheTimeAxisToTheDataAndDrawOneVertexPerSample() {
    HostHistory h = HostHistory.empty("docker-web-1");
    for (int i = 0; i < 24; i++) {
      h = h.with(ConntrackSample.of("docker-web-1", T.plusSeconds(i), Math.min(200, 12 + 40L * i), 200));
    }
    h = h.with(BurstFinding.of("docker-web-1", null, T.plusSeconds(6), T.plusSeconds(16), 33, 1300, true))
        .with(new DropsFinding("docker-web-1", T.plusSeconds(6), T.plusSeconds(7), 120, 0, 0));

    String svg = SvgChart.render(h, T.plusSeconds(23).minus(DAY), T.plusSeconds(23));

    assertThat(attribute(svg, "svg", "data-x0")).isEqualTo(T.toEpochMilli());
    assertThat(attribute(svg, "path class=\"count\"", "data-points")).isEqualTo(24);
    assertThat(vertices(svg, "count")).isEqualTo(24);
    assertThat(attribute(svg, "rect class=\"burst\"", "data-start")).isEqualTo(T.plusSeconds(6).toEpochMilli());
    double x = Double.parseDouble(text(svg, "rect class=\"burst\" x=\"([0-9.]+)\""));
    assertThat(x).as("the band starts a quarter of the way along a one-minute axis from T")
        .isCloseTo(72 + (SvgChart.WIDTH - 72 - 14) * 6 / 60.0, org.assertj.core.data.Offset.offset(1.0));
    assertThat(svg).contains("<rect class=\"dropbar\"", "120 packets dropped (drop counter)");
  }

  @Test
  void shouldDrawALineForASingleSampleTheForecastAndTheRecommendedMax() {
    HostHistory h = host("api-gw-2", Severity.WARNING, 190_000, 262_144)
        .with(new SaturationFinding("api-gw-2", T.plusSeconds(20), 196_000, 262_144, 0.75, SaturationLevel.WARNING,
            T.plusSeconds(3600)));

    String svg = SvgChart.render(h, T.minus(DAY), T.plusSeconds(20));

    assertThat(svg).contains("<path class=\"forecast\"", "full &#8776; ", "<line class=\"rec\"",
        "recommended 524,288", "<circle class=\"count-end\"");
    HostHistory one = HostHistory.empty("db-1").with(ConntrackSample.of("db-1", T, 79_807, 262_144));
    assertThat(SvgChart.render(one, T.minus(DAY), T)).contains("<circle class=\"count-end\"")
        .contains("data-points=\"1\"").doesNotContain("no table samples");
  }

  @Test
  void shouldDrawAtMostTwoVerticesPerPixelColumnBeyondTheLimitKeepingPeaks() {
    HostHistory h = HostHistory.empty("lb-1");
    int last = HostHistory.MAX_POINTS - 1;
    for (int i = 0; i <= last; i++) {
      long count = i % 4 == 0 || i == last ? 190 : 100; // a peak in every half pixel column
      h = h.with(ConntrackSample.of("lb-1", T.plusSeconds(i), count, 200));
    }

    String svg = SvgChart.render(h, T, T.plusSeconds(last));

    int n = vertices(svg, "count");
    assertThat(n).isGreaterThan(SvgChart.WIDTH).isLessThanOrEqualTo(2 * SvgChart.WIDTH);
    String d = text(svg, "<path class=\"count\" data-points=\"[0-9]+\" data-last=\"[0-9]+\" d=\"([^\"]+)\"");
    String peakY = d.split(" ")[0].split(",")[1];
    assertThat(d.split(" ")).as("peaks survive").allMatch(p -> p.endsWith("," + peakY));
  }

  private static long attribute(String svg, String element, String name) {
    return Long.parseLong(text(svg, "<" + Pattern.quote(element) + "[^>]*? " + name + "=\"([0-9]+)\""));
  }

  private static String text(String svg, String regex) {
    Matcher m = Pattern.compile(regex).matcher(svg);
    assertThat(m.find()).as(regex).isTrue();
    return m.group(1);
  }

  private static int vertices(String svg, String pathClass) {
    return text(svg, "<path class=\"" + pathClass + "\"[^>]*? d=\"([^\"]+)\"").split(" ").length;
  }

  @Test
  void shouldEscapeTextAndLoadNothingFromOutside() {
    Recommendation r = new Recommendation("lb-1", T, Severity.CRITICAL, Map.of(), Map.of(MAX, 1024L),
        List.of("<script>alert(1)</script><img src=http://evil.example/x>"), "", null);

    String html = page(List.of(HostHistory.empty("lb-1").with(TestData.valid(r))));

    assertThat(html).doesNotContain("<script").doesNotContain("<img").contains("&lt;script&gt;")
        .contains("Content-Security-Policy\" content=\"default-src 'none'");
    assertThat(html.replace("http://www.w3.org/2000/svg", ""))
        .as("no tag loads anything by URL").doesNotContainPattern("<[a-z][^<>]*\\s(src|href)=\"?(https?:)?//");
  }

  @Test
  void shouldShowTheTopNamespacesOfTheAdviceWithTheirOwners() {
    Recommendation r = TestData.withNamespaces("lb-1", 1024, TestData.namespace(4026532177L, 200, "3f2a1b9c0d4e",
        "nginx"), new TopNamespace(4026531833L, 1234, 0.25, null, 3L, null, "5c1d", List.of()));

    String html = page(List.of(HostHistory.empty("lb-1").with(TestData.valid(r))));

    assertThat(html).contains("<h3>Top namespaces</h3>")
        .contains("<tr class=\"ns-row\" data-netns=\"4026532177\"><td>4026532177</td>"
            + "<td>container 3f2a1b9c0d4e, processes nginx</td><td class=\"num\">200</td>"
            + "<td class=\"num\">100.0 %</td><td class=\"num\">12</td><td class=\"num\">&ndash;</td></tr>")
        .contains("<td>(pod 5c1d)</td><td class=\"num\">1,234</td><td class=\"num\">25.0 %</td>");
    assertThat(html.indexOf("4026532177")).isLessThan(html.indexOf("4026531833"));
  }

  @Test
  void shouldShowNoNamespaceTableWhenTheAdviceHasNone() {
    String html = page(List.of(host("db-2", Severity.INFO, 70, 200)));

    assertThat(html).doesNotContain("Top namespaces").doesNotContain("ns-row");
  }

  @Test
  void shouldEscapeHostileContainerAndProcessNames() {
    Recommendation r = TestData.withNamespaces("lb-1", 1024, TestData.namespace(7L, 200,
        "</td><script>alert(1)</script>", "x\"><img src=//evil.example/x onerror=alert(2)>", "a&b"));

    String html = page(List.of(HostHistory.empty("lb-1").with(TestData.valid(r))));

    assertThat(html).doesNotContain("<script").doesNotContain("<img").doesNotContain("</td><script")
        .contains("container &lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;, processes "
            + "x&quot;&gt;&lt;img src=//evil.example/x onerror=alert(2)&gt;, a&amp;b</td>");
    assertThat(Pattern.compile("<tr class=\"ns-row\"").matcher(html).results().count()).isEqualTo(1);
  }
}
