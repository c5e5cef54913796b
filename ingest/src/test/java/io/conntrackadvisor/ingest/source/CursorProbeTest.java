package io.conntrackadvisor.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CursorProbeTest {
  private static final String CURSOR = "s=abc;i=5;b=def;m=1;t=2;x=3";

  @Test
  void shouldResumeAfterACursorWhoseKernelEntryIsInTheJournal() {
    assertThat(CursorProbe.judge("{\"__CURSOR\":\"" + CURSOR + "\",\"_TRANSPORT\":\"kernel\"}", CURSOR, false)
        .verdict()).isEqualTo(CursorProbe.Verdict.FOUND);
  }

  @Test
  void shouldResumeAtACursorWhoseEntryTheKernelFilterDoesNotSelect() {
    String entry = "{\"__CURSOR\":\"" + CURSOR + "\",\"_TRANSPORT\":\"syslog\"}";

    assertThat(CursorProbe.judge(entry, CURSOR, false).verdict()).isEqualTo(CursorProbe.Verdict.FOUND_UNMATCHED);
    assertThat(CursorProbe.judge(entry, CURSOR, true).verdict()).isEqualTo(CursorProbe.Verdict.FOUND);
  }

  @Test
  void shouldReportACursorAsNotFoundWhenJournalctlLandsOnAnotherEntryOrNone() {
    assertThat(CursorProbe.judge("{\"__CURSOR\":\"s=other;i=1\"}", CURSOR, false).verdict())
        .isEqualTo(CursorProbe.Verdict.NOT_FOUND);
    assertThat(CursorProbe.judge("", CURSOR, false).verdict()).isEqualTo(CursorProbe.Verdict.NOT_FOUND);
  }

  @Test
  void shouldBuildFollowAndProbeCommandLinesWithTheJournalLocation() {
    JournalctlCommand c = new JournalctlCommand("/usr/bin/journalctl", List.of(Path.of("/j/a.journal")),
        Path.of("/j"), false);

    assertThat(c.follow(JournalctlCommand.Start.AFTER_CURSOR, CURSOR)).containsExactly("/usr/bin/journalctl",
        "--output=export", "--no-pager", "--directory=/j", "--file=/j/a.journal", "--follow", "--no-tail",
        "--after-cursor=" + CURSOR, "_TRANSPORT=kernel");
    assertThat(c.follow(JournalctlCommand.Start.BEGINNING, null)).doesNotContain("--after-cursor=" + CURSOR)
        .contains("--no-tail");
    assertThat(c.follow(JournalctlCommand.Start.AT_CURSOR, CURSOR)).contains("--cursor=" + CURSOR);
    assertThat(c.probe(CURSOR)).contains("--output=json").endsWith("--cursor=" + CURSOR, "--lines=1")
        .doesNotContain("_TRANSPORT=kernel");
  }
}
