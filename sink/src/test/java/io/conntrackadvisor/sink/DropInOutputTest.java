package io.conntrackadvisor.sink;

import static io.conntrackadvisor.sink.TestData.MAX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conntrackadvisor.model.Recommendation;
import io.conntrackadvisor.model.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DropInOutputTest {
  @TempDir
  Path out;
  private final SinkMetrics metrics = new SinkMetrics();
  private DropInOutput output;

  @BeforeEach
  void setUp() throws Exception {
    output = new DropInOutput(new OutputDirectory(out), metrics);
  }

  @Test
  void shouldWriteTheSysctlDropInWithAHeaderAndOnlyNameValueLines() throws Exception {
    output.write(TestData.valid("lb-1", 262144));

    String body = Files.readString(out.resolve("lb-1").resolve(DropInOutput.SYSCTL_FILE));
    assertThat(body).startsWith("# conntrack-advisor recommendation for /etc/sysctl.d/\n")
        .contains("# host: lb-1\n", "# time: 2026-03-02T08:14:55Z\n", "# severity: critical\n",
            "# 7 table-full messages and 412 suppressed in 6 s\n")
        .endsWith("\n" + MAX + " = 262144\n");
    assertThat(body.lines().filter(l -> !l.startsWith("#"))).containsExactly(MAX + " = 262144");
    assertThat(Files.getPosixFilePermissions(out.resolve("lb-1").resolve(DropInOutput.SYSCTL_FILE)))
        .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(out.resolve("lb-1").resolve(DropInOutput.MODPROBE_FILE)).doesNotExist();
    assertThat(metrics.get(SinkMetrics.Counter.FILES_WRITTEN)).isEqualTo(1);
  }

  @Test
  void shouldWriteTheModprobeFileWhenTheHashSizeShouldChange() throws Exception {
    output.write(TestData.valid(TestData.withHashsize("nat-gw", 262144, 65536)));

    assertThat(Files.readString(out.resolve("nat-gw").resolve(DropInOutput.MODPROBE_FILE)))
        .contains("# host: nat-gw\n").endsWith("\noptions nf_conntrack hashsize=65536\n");
    assertThat(Files.readString(out.resolve("nat-gw").resolve(DropInOutput.SYSCTL_FILE)))
        .endsWith("\nnet.netfilter.nf_conntrack_buckets = 65536\n" + MAX + " = 262144\n");
  }

  @Test
  void shouldNotRewriteAFileWhoseContentIsUnchanged() throws Exception {
    output.write(TestData.valid("lb-1", 262144));
    Path file = out.resolve("lb-1").resolve(DropInOutput.SYSCTL_FILE);
    Object inode = Files.getAttribute(file, "unix:ino");

    output.write(TestData.valid("lb-1", 262144));

    assertThat(Files.getAttribute(file, "unix:ino")).isEqualTo(inode);
    assertThat(metrics.get(SinkMetrics.Counter.FILES_UNCHANGED)).isEqualTo(1);

    output.write(TestData.valid("lb-1", 524288));

    assertThat(Files.getAttribute(file, "unix:ino")).isNotEqualTo(inode);
    assertThat(Files.readString(file)).endsWith(MAX + " = 524288\n");
    try (Stream<Path> files = Files.list(out.resolve("lb-1"))) {
      assertThat(files).as("no temp files left").containsExactly(file);
    }
  }

  @Test
  void shouldKeepTheExistingDropInWhenNothingIsToChange() throws Exception {
    output.write(TestData.valid("lb-1", 262144));
    Recommendation allGood = new Recommendation("lb-1", TestData.T.plusSeconds(60), Severity.INFO,
        Map.of(MAX, 262144L), Map.of(), List.of("table at 20 %"), "", null);

    output.write(TestData.valid(allGood));

    assertThat(Files.readString(out.resolve("lb-1").resolve(DropInOutput.SYSCTL_FILE))).endsWith(" = 262144\n");
  }

  @Test
  void shouldRefuseAHostFolderThatIsASymlink() throws Exception {
    Path elsewhere = Files.createTempDirectory("elsewhere");
    Files.createSymbolicLink(out.resolve("lb-1"), elsewhere);

    assertThatThrownBy(() -> output.write(TestData.valid("lb-1", 262144)))
        .isInstanceOf(RecordRejectedException.class);
    try (Stream<Path> files = Files.list(elsewhere)) {
      assertThat(files).isEmpty();
    }
  }
}
