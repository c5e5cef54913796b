package io.conntrackadvisor.core.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.model.BurstFinding;
import io.conntrackadvisor.model.DropsFinding;
import io.conntrackadvisor.model.Finding;
import io.conntrackadvisor.model.SaturationFinding;
import io.conntrackadvisor.model.SaturationLevel;
import io.conntrackadvisor.model.TimeEstimate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The report's finding lines are appended by hand; they must read exactly as the format strings they replaced. */
class TextReportTest {

  @Test
  void shouldWriteEachFindingLineAsTheFormatStringsDid() {
    Random rnd = new Random(3);
    for (int i = 0; i < 5000; i++) {
      Finding f = random(rnd);
      assertThat(TextReport.line(f)).isEqualTo(formatted(f));
    }
  }

  @Test
  void shouldNameTheOpenVzContainerAndWhereAnEstimatedTimeCameFrom() {
    Instant t = Instant.parse("2011-05-04T10:00:00Z");
    BurstFinding b = BurstFinding.of("vz-node-1", null, 101L, t, t, 3, 0, true)
        .withTimeEstimated(TimeEstimate.PRECEDING_LINE);

    assertThat(TextReport.line(b)).isEqualTo("vz-node-1            burst       2011-05-04T10:00:00Z .. "
        + "2011-05-04T10:00:00Z  3 table-full lines + 0 suppressed = ~3 drops in VPS 101 "
        + "(time estimated from the stamped line before it)");
  }

  /** The report's lines as {@code String.format} wrote them before. */
  private static String formatted(Finding f) {
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

  private static Instant t(Instant i) {
    return i == null ? null : i.truncatedTo(ChronoUnit.MILLIS);
  }

  private static Finding random(Random rnd) {
    String host = rnd.nextBoolean() ? "h" + rnd.nextInt(100) : "a-rather-long-host-name-" + rnd.nextInt(1000);
    Instant a = Instant.ofEpochSecond(rnd.nextInt(2_000_000_000), rnd.nextInt(1_000_000_000));
    Instant b = a.plusNanos(rnd.nextLong(0, 100_000_000_000L));
    return switch (rnd.nextInt(3)) {
      case 0 -> BurstFinding.of(host, rnd.nextBoolean() ? null : rnd.nextLong(1, 1L << 40), a, b,
          rnd.nextInt(1000), rnd.nextInt(100_000), rnd.nextBoolean());
      case 1 -> new DropsFinding(host, a, b, rnd.nextInt(100_000), rnd.nextInt(100), rnd.nextInt(10));
      default -> new SaturationFinding(host, a, rnd.nextInt(300_000), 262_144, rnd.nextDouble() * 1.2,
          SaturationLevel.values()[rnd.nextInt(3)], rnd.nextBoolean() ? null : b);
    };
  }
}
