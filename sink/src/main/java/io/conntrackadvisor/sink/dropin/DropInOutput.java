package io.conntrackadvisor.sink.dropin;

import io.conntrackadvisor.model.ops.AtomicFiles;
import io.conntrackadvisor.sink.OutputDirectory;
import io.conntrackadvisor.sink.RecordRejectedException;
import io.conntrackadvisor.sink.SinkMetrics;
import io.conntrackadvisor.sink.ValidRecommendation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes {@code OUT/<host>/90-conntrack-advisor.conf} and, when the hash size should change,
 * {@code OUT/<host>/modprobe-nf_conntrack.conf}; each only when its content changes. A recommendation with nothing
 * to change leaves existing files alone: an empty drop-in would undo the advice already rolled out.
 */
public final class DropInOutput {
  /** File name of the sysctl drop-in. */
  public static final String SYSCTL_FILE = "90-conntrack-advisor.conf";
  /** File name of the modprobe options file. */
  public static final String MODPROBE_FILE = "modprobe-nf_conntrack.conf";

  private final OutputDirectory out;
  private final SinkMetrics metrics;

  public DropInOutput(OutputDirectory out, SinkMetrics metrics) {
    this.out = out;
    this.metrics = metrics;
  }

  /** Writes the files of one checked recommendation. */
  public void write(ValidRecommendation r) throws IOException, RecordRejectedException {
    if (r.recommended().isEmpty() && r.hashsize() == null) {
      return;
    }
    Path dir = out.hostDir(r.host());
    if (!r.recommended().isEmpty()) {
      count(AtomicFiles.writeIfChanged(dir.resolve(SYSCTL_FILE), r.sysctlConf().getBytes(StandardCharsets.UTF_8)));
    }
    if (r.hashsize() != null) {
      count(AtomicFiles.writeIfChanged(dir.resolve(MODPROBE_FILE), r.modprobeConf().getBytes(StandardCharsets.UTF_8)));
    }
  }

  private void count(boolean written) {
    metrics.increment(written ? SinkMetrics.Counter.FILES_WRITTEN : SinkMetrics.Counter.FILES_UNCHANGED);
  }
}
