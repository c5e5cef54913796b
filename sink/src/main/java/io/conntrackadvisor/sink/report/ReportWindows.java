package io.conntrackadvisor.sink.report;

import java.time.Duration;
import java.util.List;

/**
 * The time windows the report and the dashboard offer (15 min, 1 h, 24 h, 7 d), their names in links and the
 * file each static page has: {@code index-15m.html} and so on beside {@code index.html}.
 */
final class ReportWindows {
  /** The windows offered, shortest first. */
  static final List<Duration> CHOICES = List.of(Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(24),
      Duration.ofDays(7));
  /** The longest window offered: how much history is kept at least. */
  static final Duration LONGEST = Duration.ofDays(7);

  private ReportWindows() {
  }

  /** {@code 15m}, {@code 1h}, {@code 24h}, {@code 7d}. */
  static String name(Duration d) {
    if (d.toMinutes() % (24 * 60) == 0 && d.toDays() > 1) {
      return d.toDays() + "d";
    }
    return d.toMinutes() % 60 == 0 ? d.toHours() + "h" : d.toMinutes() + "m";
  }

  /** The file of the static page of window {@code d}. */
  static String fileOf(Duration d) {
    return "index-" + name(d) + ".html";
  }

  /** The window named {@code name} among the choices, or null. */
  static Duration parse(String name) {
    return CHOICES.stream().filter(d -> name(d).equals(name)).findFirst().orElse(null);
  }
}
