package io.conntrackadvisor.app;

import io.conntrackadvisor.ingest.ShipAgent;
import io.conntrackadvisor.ingest.ShipSettings;
import io.conntrackadvisor.model.config.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ship}: the host agent that ships kernel messages and conntrack samples to Kafka. */
@Command(name = "ship", mixinStandardHelpOptions = true,
    description = {"Host agent: ships kernel messages (journald, syslog files, syslog over UDP/TCP) and conntrack "
        + "samples from /proc to Kafka, exactly once for the journal and files (see ingest/DELIVERY.md); with "
        + "--samples-only, only the samples."})
final class ShipCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Option(names = "--journal-file", paramLabel = "FILE", description = "Journal file to read (repeatable).")
  List<Path> journalFiles = new ArrayList<>();

  @Option(names = "--journal-directory", paramLabel = "DIR", description = "Journal folder to read.")
  Path journalDirectory;

  @Option(names = "--all", description = "Ship every journal entry, not only the kernel's.")
  Boolean all;

  @Option(names = "--no-journald", description = "Do not read the journal at all.")
  boolean noJournald;

  @Option(names = "--kmsg", description = "Read kernel messages from /dev/kmsg (hosts without journald).")
  boolean kmsg;

  @Option(names = "--syslog-file", paramLabel = "PATH", description = "Syslog file to tail (repeatable).")
  List<Path> syslogFiles = new ArrayList<>();

  @Option(names = "--syslog-udp", paramLabel = "HOST:PORT", description = "Receive syslog over UDP here.")
  String syslogUdp;

  @Option(names = "--syslog-tcp", paramLabel = "HOST:PORT", description = "Receive syslog over TCP here.")
  String syslogTcp;

  @Option(names = "--proc-root", paramLabel = "DIR", description = "Proc root to sample (default /proc).")
  Path procRoot;

  @Option(names = "--sample-interval", paramLabel = "DURATION", description = "Time between samples (10s).")
  String sampleInterval;

  @Option(names = "--no-sampler", description = "Do not sample /proc.")
  boolean noSampler;

  @Option(names = "--samples-only",
      description = "Only sample /proc, for hosts whose logs another shipper already sends to Kafka (point streams "
          + "--kernel-input at that topic): no journal, no /dev/kmsg, no files, no syslog receivers, whatever the "
          + "config file says.")
  boolean samplesOnly;

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "Checkpoint folder (default /var/lib/conntrack-advisor/ship).")
  Path stateDir;

  @Option(names = "--host", paramLabel = "NAME", description = "Host name when entries carry none.")
  String host;

  @Override
  public Integer call() throws Exception {
    ShipAgent agent = new ShipAgent(settings());
    Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "ship-shutdown"));
    agent.run();
    return 0;
  }

  Settings settings() throws java.io.IOException {
    if (samplesOnly && (noSampler || kmsg || all != null || journalDirectory != null || syslogUdp != null
        || syslogTcp != null || !journalFiles.isEmpty() || !syslogFiles.isEmpty())) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--samples-only reads no logs: it does not go "
          + "with --no-sampler, --kmsg, --all, --journal-*, --syslog-*");
    }
    Map<String, String> own = new LinkedHashMap<>();
    if (samplesOnly) {
      own.put(ShipSettings.JOURNALD, "false");
      own.put(ShipSettings.KMSG, "false");
      own.put(ShipSettings.JOURNAL_FILES, "");
      own.put(ShipSettings.JOURNAL_DIRECTORY, "");
      own.put(ShipSettings.SYSLOG_FILES, "");
      own.put(ShipSettings.SYSLOG_UDP, "");
      own.put(ShipSettings.SYSLOG_TCP, "");
      own.put(ShipSettings.SAMPLER, "true");
    }
    CommonOptions.put(own, ShipSettings.JOURNAL_FILES, CommonOptions.joined(journalFiles));
    CommonOptions.put(own, ShipSettings.JOURNAL_DIRECTORY, journalDirectory);
    CommonOptions.put(own, ShipSettings.JOURNAL_ALL, all);
    CommonOptions.put(own, ShipSettings.JOURNALD, noJournald ? "false" : null);
    CommonOptions.put(own, ShipSettings.KMSG, kmsg ? "true" : null);
    CommonOptions.put(own, ShipSettings.SYSLOG_FILES, CommonOptions.joined(syslogFiles));
    CommonOptions.put(own, ShipSettings.SYSLOG_UDP, syslogUdp);
    CommonOptions.put(own, ShipSettings.SYSLOG_TCP, syslogTcp);
    CommonOptions.put(own, ShipSettings.PROC_ROOT, procRoot);
    CommonOptions.put(own, ShipSettings.SAMPLE_INTERVAL, sampleInterval);
    CommonOptions.put(own, ShipSettings.SAMPLER, noSampler ? "false" : null);
    CommonOptions.put(own, ShipSettings.STATE_DIR, stateDir);
    CommonOptions.put(own, ShipSettings.HOST, host);
    return Settings.load(ShipSettings.CONFIG, common.config, System.getenv(),
        common.flags(own));
  }
}
