package io.conntrackadvisor.sink.report;

import io.conntrackadvisor.sink.OutputDirectory;
import io.conntrackadvisor.sink.SinkMetrics;
import io.conntrackadvisor.sink.TestData;
import static io.conntrackadvisor.sink.TestData.T;
import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.model.SaturationFinding;
import io.conntrackadvisor.model.SaturationLevel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportOutputTest {
  @TempDir
  Path out;
  private final SinkMetrics metrics = new SinkMetrics();
  private final Clock clock = Clock.fixed(T.plusSeconds(600), ZoneOffset.UTC);

  private ReportOutput report() throws Exception {
    ReportOutput r = new ReportOutput(new OutputDirectory(out), Duration.ofHours(24), true, clock, metrics);
    r.load();
    return r;
  }

  @Test
  void shouldRewriteThePageOnlyWhenSomethingChanged() throws Exception {
    ReportOutput report = report();
    report.add(TestData.valid("lb-1", 262144));
    report.flush();
    report.flush();
    report.add(TestData.valid("lb-1", 262144));
    report.flush();

    assertThat(metrics.get(SinkMetrics.Counter.REPORT_WRITES)).isEqualTo(1);
    assertThat(Files.readString(out.resolve("index.html"))).contains("data-host=\"lb-1\"");
  }

  @Test
  void shouldStartFromTheSavedHistoryAfterARestart() throws Exception {
    ReportOutput first = report();
    first.add(TestData.valid("lb-1", 262144));
    first.add(new SaturationFinding("lb-1", T, 199, 200, 0.995, SaturationLevel.CRITICAL, null));
    first.flush();

    ReportOutput second = report();
    second.add(TestData.valid("db-2", 4096));
    second.flush();

    String html = Files.readString(out.resolve("index.html"));
    assertThat(html).contains("data-host=\"lb-1\"", "data-host=\"db-2\"", "99.5 %");
    assertThat(out.resolve(".state/lb-1").resolve(ReportOutput.HISTORY_FILE)).exists();
  }

  @Test
  void shouldRewriteThePageAtMostOnceInTheMinimumIntervalWithoutLosingTheLastChange() throws Exception {
    Instant[] now = {T};
    Clock moving = new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now[0];
      }
    };
    ReportOutput report = new ReportOutput(new OutputDirectory(out), Duration.ofHours(24), true, moving, metrics);
    report.add(TestData.valid("lb-1", 262144));
    report.flush();
    report.add(TestData.valid("db-2", 4096));
    report.flush();

    assertThat(Files.readString(out.resolve("index.html"))).doesNotContain("db-2");
    assertThat(out.resolve(".state/db-2").resolve(ReportOutput.HISTORY_FILE)).as("saved at once").exists();

    now[0] = T.plus(ReportOutput.MIN_PAGE_INTERVAL);
    report.flush();

    assertThat(Files.readString(out.resolve("index.html"))).contains("data-host=\"db-2\"");
    assertThat(metrics.get(SinkMetrics.Counter.REPORT_WRITES)).isEqualTo(2);
  }

  @Test
  void shouldSkipAndCountAHistoryItCannotRead() throws Exception {
    Files.createDirectories(out.resolve(".state/lb-1"));
    Files.writeString(out.resolve(".state/lb-1").resolve(ReportOutput.HISTORY_FILE), "[1,2");

    report();

    assertThat(metrics.get(SinkMetrics.Counter.STATE_UNREADABLE)).isEqualTo(1);
  }

  @Test
  void shouldKeepTheAdvicesNamespacesInTheSavedHistory() throws Exception {
    ReportOutput first = report();
    first.add(TestData.valid(TestData.withNamespaces("db-2", 4096, TestData.namespace(7L, 150, "3f2a1b9c0d4e"))));
    first.flush();
    assertThat(Files.readString(out.resolve(".state/db-2").resolve(ReportOutput.HISTORY_FILE)))
        .as("saved with the namespaces").contains("\"namespaces\":[{\"netns\":7,");
    Files.delete(out.resolve("index.html"));

    report().flush();

    assertThat(Files.readString(out.resolve("index.html"))).contains("data-host=\"db-2\"", "data-netns=\"7\"");
  }
}
