package io.conntrackadvisor.app;

import io.conntrackadvisor.model.config.Settings;
import io.conntrackadvisor.streams.StreamsApp;
import io.conntrackadvisor.streams.StreamsSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code streams}: the fleet-wide detector on Kafka Streams. */
@Command(name = "streams", mixinStandardHelpOptions = true,
    description = {"Kafka Streams application: per-host table-full bursts, drops and saturation from "
        + "kernel-messages (or the topics log shippers fill, --kernel-input) and conntrack-samples, to "
        + "conntrack-findings and the compacted conntrack-recommendations (poison records to conntrack-dlq). /health, /ready and /metrics on "
        + "--metrics-port (default 9404)."})
final class StreamsCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Option(names = "--application-id", paramLabel = "ID",
      description = "Kafka Streams application id; instances with the same id share the work.")
  String applicationId;

  @Option(names = "--state-dir", paramLabel = "DIR", description = "RocksDB state folder.")
  Path stateDir;

  @Option(names = "--kernel-input", paramLabel = "TOPIC=FORMAT",
      description = {"A topic kernel messages come from and its records' format; repeatable (default "
          + "kernel-messages=contract). Formats: contract, syslog (the raw line), journald (journalctl -o json), "
          + "rsyslog-json (the README's omkafka template), syslog-ng-json, fluent-bit, vector, ecs (Filebeat, "
          + "Elastic Agent), auto (any of these, per record), json (paths from kernel.input.json.* settings). Only "
          + "the kernel's messages count; other programs' records are skipped and counted."})
  List<String> kernelInputs;

  @Override
  public Integer call() throws Exception {
    StreamsApp app = new StreamsApp(settings());
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "streams-shutdown"));
    return app.run();
  }

  Settings settings() throws java.io.IOException {
    Map<String, String> own = new LinkedHashMap<>();
    CommonOptions.put(own, StreamsSettings.APPLICATION_ID, applicationId);
    CommonOptions.put(own, StreamsSettings.STATE_DIR, stateDir);
    CommonOptions.put(own, StreamsSettings.KERNEL_INPUTS, CommonOptions.joined(kernelInputs));
    return Settings.load(StreamsSettings.CONFIG, common.config, System.getenv(), common.flags(own));
  }
}
