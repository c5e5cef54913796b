package io.conntrackadvisor.sink;

import static io.conntrackadvisor.sink.TestData.MAX;
import static io.conntrackadvisor.sink.TestData.T;
import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.model.BurstFinding;
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

  private static List<String> rowHosts(String html) {
    Matcher m = Pattern.compile("<tr class=\"host-row\" data-host=\"([^\"]+)\"").matcher(html);
    return m.results().map(r -> r.group(1)).toList();
  }

  @Test
  void shouldListEveryHostMostSevereAndFullestFirst() {
    String html = ReportPage.render(List.of(host("db-2", Severity.INFO, 70, 200),
        host("lb-1", Severity.CRITICAL, 199, 200), host("api-gw-3", Severity.WARNING, 180, 200),
        host("lb-2", Severity.CRITICAL, 150, 200)), NOW, DAY);

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

    String html = ReportPage.render(List.of(counted, estimated), NOW, DAY);

    assertThat(html).contains("<td class=\"num\">1,234</td>").contains("<td class=\"num\">&asymp;419</td>");
  }

  @Test
  void shouldDrawEntriesLimitAndBurstsAsInlineSvg() {
    HostHistory h = host("lb-1", Severity.CRITICAL, 100, 200)
        .with(new SaturationFinding("lb-1", T.plusSeconds(600), 200, 200, 1.0, SaturationLevel.CRITICAL, null))
        .with(BurstFinding.of("lb-1", null, T.plusSeconds(590), T.plusSeconds(620), 7, 412, true));

    String html = ReportPage.render(List.of(h), NOW, DAY);

    assertThat(html).contains("<svg class=\"chart\"").contains("<polyline class=\"count\"")
        .contains("<polyline class=\"max\"").contains("<rect class=\"burst\"")
        .contains("7 messages, about 419 drops");
  }

  @Test
  void shouldDrawAtMostOnePointPerPixelColumn() {
    HostHistory h = HostHistory.empty("lb-1");
    int last = HostHistory.MAX_ENTRIES - 1;
    for (int i = 0; i <= last; i++) {
      long count = i % 2 == 0 || i == last ? 190 : 100; // a peak in every pixel column
      h = h.with(new SaturationFinding("lb-1", T.plusSeconds(i), count, 200, 0.5, SaturationLevel.OK, null));
    }

    String svg = SvgChart.render(h, T, T.plusSeconds(HostHistory.MAX_ENTRIES));

    Matcher count = Pattern.compile("<polyline class=\"count\" points=\"([^\"]+)\"").matcher(svg);
    assertThat(count.find()).isTrue();
    String[] points = count.group(1).split(" ");
    assertThat(points.length).isLessThanOrEqualTo(SvgChart.WIDTH);
    assertThat(points).as("peaks survive").allMatch(p -> p.endsWith("," + points[0].split(",")[1]));
  }

  @Test
  void shouldEscapeTextAndLoadNothingFromOutside() {
    Recommendation r = new Recommendation("lb-1", T, Severity.CRITICAL, Map.of(), Map.of(MAX, 1024L),
        List.of("<script>alert(1)</script><img src=http://evil.example/x>"), "", null);

    String html = ReportPage.render(List.of(HostHistory.empty("lb-1").with(TestData.valid(r))), NOW, DAY);

    assertThat(html).doesNotContain("<script").doesNotContain("<img").contains("&lt;script&gt;")
        .contains("Content-Security-Policy\" content=\"default-src 'none'");
    assertThat(html.replace("http://www.w3.org/2000/svg", ""))
        .as("no tag loads anything by URL").doesNotContainPattern("<[a-z][^<>]*\\s(src|href)=\"?(https?:)?//");
  }

  @Test
  void shouldShowTheTopNamespacesOfTheAdviceWithTheirOwners() {
    Recommendation r = TestData.withNamespaces("lb-1", 1024, TestData.namespace(4026532177L, 200, "3f2a1b9c0d4e",
        "nginx"), new TopNamespace(4026531833L, 1234, 0.25, null, 3L, null, "5c1d", List.of()));

    String html = ReportPage.render(List.of(HostHistory.empty("lb-1").with(TestData.valid(r))), NOW, DAY);

    assertThat(html).contains("<h3>Top namespaces</h3>")
        .contains("<tr class=\"ns-row\" data-netns=\"4026532177\"><td>4026532177</td>"
            + "<td>container 3f2a1b9c0d4e, processes nginx</td><td class=\"num\">200</td>"
            + "<td class=\"num\">100.0 %</td><td class=\"num\">12</td><td class=\"num\">&ndash;</td></tr>")
        .contains("<td>(pod 5c1d)</td><td class=\"num\">1,234</td><td class=\"num\">25.0 %</td>");
    assertThat(html.indexOf("4026532177")).isLessThan(html.indexOf("4026531833"));
  }

  @Test
  void shouldShowNoNamespaceTableWhenTheAdviceHasNone() {
    String html = ReportPage.render(List.of(host("db-2", Severity.INFO, 70, 200)), NOW, DAY);

    assertThat(html).doesNotContain("Top namespaces").doesNotContain("ns-row");
  }

  @Test
  void shouldEscapeHostileContainerAndProcessNames() {
    Recommendation r = TestData.withNamespaces("lb-1", 1024, TestData.namespace(7L, 200,
        "</td><script>alert(1)</script>", "x\"><img src=//evil.example/x onerror=alert(2)>", "a&b"));

    String html = ReportPage.render(List.of(HostHistory.empty("lb-1").with(TestData.valid(r))), NOW, DAY);

    assertThat(html).doesNotContain("<script").doesNotContain("<img").doesNotContain("</td><script")
        .contains("container &lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;, processes "
            + "x&quot;&gt;&lt;img src=//evil.example/x onerror=alert(2)&gt;, a&amp;b</td>");
    assertThat(Pattern.compile("<tr class=\"ns-row\"").matcher(html).results().count()).isEqualTo(1);
  }
}
