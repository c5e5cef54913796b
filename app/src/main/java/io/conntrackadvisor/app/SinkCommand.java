package io.conntrackadvisor.app;

import io.conntrackadvisor.model.config.Settings;
import io.conntrackadvisor.sink.SinkApp;
import io.conntrackadvisor.sink.SinkSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sink}: turns recommendations into sysctl drop-ins, webhooks, JSON lines and an HTML report. */
@Command(name = "sink", mixinStandardHelpOptions = true,
    description = {"Consumes conntrack-recommendations and conntrack-findings and writes OUT/<host>/"
        + "90-conntrack-advisor.conf drop-ins, webhooks, JSON lines on stdout and OUT/index.html."})
final class SinkCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder for drop-ins and the report.")
  Path out;

  @Option(names = "--webhook", paramLabel = "URL[,URL...]", description = "POST each new recommendation here; "
      + "with --webhook-format alertmanager, each Alertmanager listed (its base URL) gets every alert.")
  String webhook;

  @Option(names = "--webhook-format", paramLabel = "generic|alertmanager|alertmanager-notification|slack",
      description = "Payload shape (default generic). alertmanager: Alertmanager's API, alerts re-sent while the "
          + "advice stands and resolved when it returns to info.")
  String webhookFormat;

  @Option(names = "--stdout", description = "Print recommendations as JSON lines.")
  Boolean stdout;

  @Option(names = "--report", description = "Keep OUT/index.html up to date.")
  Boolean report;

  @Option(names = "--http-port", paramLabel = "N", description = "Serve the live fleet dashboard on this port "
      + "(0 = any free port; also /metrics, /health, /ready).")
  Integer httpPort;

  @Option(names = "--http-address", paramLabel = "ADDRESS",
      description = "Address the dashboard binds (default 127.0.0.1; 0.0.0.0 for every interface).")
  String httpAddress;

  @Option(names = "--group-id", paramLabel = "ID", description = "Consumer group (default conntrack-advisor-sink).")
  String groupId;

  @Override
  public Integer call() throws Exception {
    SinkApp app = new SinkApp(settings());
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "sink-shutdown"));
    app.run();
    return 0;
  }

  Settings settings() throws java.io.IOException {
    Map<String, String> own = new LinkedHashMap<>();
    CommonOptions.put(own, SinkSettings.OUT_DIR, out);
    CommonOptions.put(own, SinkSettings.WEBHOOK_URL, webhook);
    CommonOptions.put(own, SinkSettings.WEBHOOK_FORMAT, webhookFormat);
    CommonOptions.put(own, SinkSettings.STDOUT, stdout);
    CommonOptions.put(own, SinkSettings.REPORT, report);
    CommonOptions.put(own, SinkSettings.HTTP_PORT, httpPort);
    CommonOptions.put(own, SinkSettings.HTTP_ADDRESS, httpAddress);
    CommonOptions.put(own, SinkSettings.GROUP_ID, groupId);
    return Settings.load(SinkSettings.CONFIG, common.config, System.getenv(), common.flags(own));
  }
}
