package io.conntrackadvisor.app;

import io.conntrackadvisor.core.analyze.AnalysisResult;
import io.conntrackadvisor.core.analyze.Analyzer;
import io.conntrackadvisor.core.analyze.SampleReader;
import io.conntrackadvisor.core.analyze.ScanStats;
import io.conntrackadvisor.core.analyze.TextReport;
import io.conntrackadvisor.core.detect.DetectorConfig;
import io.conntrackadvisor.core.parse.InputFormat;
import io.conntrackadvisor.core.parse.ParseContext;
import io.conntrackadvisor.core.proc.ProcReader;
import io.conntrackadvisor.core.recommend.Profile;
import io.conntrackadvisor.core.recommend.RecommenderConfig;
import io.conntrackadvisor.model.Finding;
import io.conntrackadvisor.model.FindingJson;
import io.conntrackadvisor.model.Json;
import io.conntrackadvisor.model.Recommendation;
import io.conntrackadvisor.model.config.Settings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code analyze}: offline analysis of kernel logs and conntrack samples, no Kafka needed. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
    description = {"Reads kernel logs (syslog, dmesg, journalctl -o json/short-iso; .gz too) and conntrack samples, "
        + "prints table-full bursts, drops, saturation and tuning recommendations.",
        "Exit 0 whatever was found; 2 on usage errors or unreadable input."},
    defaultValueProvider = AnalyzeCommand.CoreDefaults.class)
final class AnalyzeCommand implements Callable<Integer> {
  /** The detector's and recommender's defaults, as core defines them for analyze and streams alike. */
  static final class CoreDefaults implements CommandLine.IDefaultValueProvider {
    @Override
    public String defaultValue(CommandLine.Model.ArgSpec arg) {
      if (!(arg instanceof CommandLine.Model.OptionSpec o)) {
        return null;
      }
      DetectorConfig d = DetectorConfig.defaults();
      return switch (o.longestName()) {
        case "--burst-gap" -> d.burstGap().toSeconds() + "s";
        case "--warning" -> String.valueOf(d.warning());
        case "--critical" -> String.valueOf(d.critical());
        case "--profile" -> RecommenderConfig.defaults().profile().name().toLowerCase(Locale.ROOT);
        default -> null;
      };
    }
  }


  @Parameters(paramLabel = "LOGFILE", arity = "0..*", description = "Log files; '-' reads standard input.")
  List<String> logs = new ArrayList<>();

  @Option(names = "--samples", paramLabel = "FILE|DIR",
      description = "ConntrackSample JSON lines or CSV 'timestamp,host,count,max[,drops]'; a folder reads every "
          + "*.csv, *.json and *.jsonl in it. Repeatable.")
  List<Path> samples = new ArrayList<>();

  @Option(names = "--proc-root", paramLabel = "DIR",
      description = "Read one sample now from a proc root (/proc, or a snapshot laid out like it). Repeatable.")
  List<Path> procRoots = new ArrayList<>();

  @Option(names = "--host", paramLabel = "NAME",
      description = "Host for lines that carry none (dmesg, BusyBox, OpenWrt logread, pasted kernel lines; else the "
          + "file's name) and for --proc-root instead of its hostname.")
  String host;

  @Option(names = "--input-format", paramLabel = "FORMAT",
      description = {"Read the LOGFILEs as records of a log topic, one a line, as 'kcat -e -C -t TOPIC' dumps them, "
          + "in FORMAT: contract, syslog, journald, rsyslog-json, syslog-ng-json, fluent-bit, vector, ecs, auto or "
          + "json (the formats of streams --kernel-input; json takes its paths from --json-path). Without it, "
          + "LOGFILEs are log files in any of the line formats above."})
  String inputFormat;

  @Option(names = "--json-path", paramLabel = "FIELD=PATHS",
      description = "With --input-format json: where a field is (host, time, message, transport, facility, pri, tag, "
          + "priority), comma-separated paths tried in order; repeatable.")
  Map<String, String> jsonPaths = new LinkedHashMap<>();

  @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
      description = "text (default): a readable report; json: one JSON object per line, ordered by time.")
  String format;

  @Option(names = "--burst-gap", paramLabel = "DURATION",
      description = "Table-full messages closer than this form one burst (default ${DEFAULT-VALUE}).")
  String burstGap;

  @Option(names = "--profile", paramLabel = "conservative|aggressive",
      description = "Timeout profile (default ${DEFAULT-VALUE}).")
  String profile;

  @Option(names = "--warning", description = "Warning utilization (default ${DEFAULT-VALUE}).")
  double warning;

  @Option(names = "--critical", description = "Critical utilization (default ${DEFAULT-VALUE}).")
  double critical;

  @Option(names = "--boot-time", paramLabel = "ISO-8601",
      description = "Boot time that anchors dmesg [uptime] stamps (default: the epoch, i.e. seconds since boot).")
  String bootTime;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (logs.isEmpty() && samples.isEmpty() && procRoots.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "nothing to analyze: give LOGFILE(s), --samples or --proc-root");
    }
    if (!format.equals("text") && !format.equals("json")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--format must be text or json");
    }
    long started = System.nanoTime();
    DetectorConfig dc;
    Profile timeouts;
    try {
      dc = DetectorConfig.defaults().withBurstGap(Settings.parseDuration("--burst-gap", burstGap))
          .withThresholds(warning, critical);
      timeouts = Profile.parse(profile);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    Analyzer analyzer = new Analyzer(dc, RecommenderConfig.defaults().withProfile(timeouts),
        new ParseContext(host, Instant.now(), ZoneOffset.UTC, parseBootTime(), "file"));
    for (String log : logs) {
      readLog(analyzer, log);
    }
    for (Path p : samples) {
      readSamples(analyzer, p);
    }
    for (Path root : procRoots) {
      analyzer.addSamples(List.of(new ProcReader(root).read(host, Instant.now().truncatedTo(ChronoUnit.MILLIS),
          ProcReader.HistogramLimits.DEFAULT)));
    }
    AnalysisResult result = analyzer.run(format.equals("text")); // only the text report shows advice times
    print(result);
    double secs = (System.nanoTime() - started) / 1e9;
    spec.commandLine().getErr().println("summary: " + result.stats().summary());
    String unread = result.stats().unreadSummary();
    if (unread != null) {
      spec.commandLine().getErr().println(unread);
    }
    spec.commandLine().getErr().printf(Locale.ROOT, "read %.1f MB in %.2f s: %.0f MB/s, %.0f lines/s%n",
        result.stats().bytesRead() / 1e6, secs, result.stats().bytesRead() / 1e6 / secs,
        result.stats().linesRead() / secs);
    return 0;
  }

  private Instant parseBootTime() {
    if (bootTime == null) {
      return null;
    }
    try {
      return Instant.parse(bootTime);
    } catch (DateTimeParseException e) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--boot-time must be ISO-8601 like 2026-03-02T08:00:00Z, got '" + bootTime + "'");
    }
  }

  private void readLog(Analyzer analyzer, String log) throws IOException {
    if (inputFormat != null) {
      readRecords(analyzer, log);
      return;
    }
    if (log.equals("-")) {
      analyzer.addLog(System.in);
      return;
    }
    Path p = Path.of(log);
    try {
      analyzer.addLog(p);
    } catch (NoSuchFileException e) {
      throw new Main.UserError("cannot read " + log + ": no such file");
    } catch (IOException e) {
      throw new Main.UserError("cannot read " + log + ": " + e.getMessage());
    }
  }

  /** A dump of a log topic, one record a line, in {@code --input-format}. */
  private void readRecords(Analyzer analyzer, String log) throws IOException {
    InputFormat f;
    try {
      f = InputFormat.of(inputFormat, jsonPaths);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--input-format: " + e.getMessage());
    }
    try (BufferedReader r = log.equals("-")
        ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
        : Files.newBufferedReader(Path.of(log), StandardCharsets.UTF_8)) {
      analyzer.addRecords(r, f);
    } catch (NoSuchFileException e) {
      throw new Main.UserError("cannot read " + log + ": no such file");
    }
  }

  private void readSamples(Analyzer analyzer, Path p) throws IOException {
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(p)) {
      try (Stream<Path> s = Files.list(p)) {
        s.filter(f -> f.toString().matches(".*\\.(csv|json|jsonl)$")).sorted().forEach(files::add);
      }
    } else if (Files.isReadable(p)) {
      files.add(p);
    } else {
      throw new Main.UserError("cannot read samples " + p + ": no such file");
    }
    for (Path f : files) {
      try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
        analyzer.addSamples(SampleReader.read(r, analyzer.stats()));
      } catch (IOException e) {
        throw new Main.UserError("cannot read samples " + f + ": " + e.getMessage());
      }
    }
  }

  private void print(AnalysisResult r) {
    PrintWriter out = spec.commandLine().getOut();
    if (format.equals("json")) {
      List<Object> all = new ArrayList<>();
      all.addAll(r.findings());
      all.addAll(r.recommendations());
      all.sort(java.util.Comparator.comparing(AnalyzeCommand::timeOf));
      StringBuilder sb = new StringBuilder(1 << 16);
      for (Object o : all) {
        if (o instanceof Finding f) {
          FindingJson.append(sb, f);
        } else {
          sb.append(Json.write(o));
        }
        sb.append(System.lineSeparator());
        if (sb.length() >= 1 << 16) {
          out.append(sb);
          sb.setLength(0);
        }
      }
      if (r.stats().unreadLines() > 0) {
        sb.append(Json.write(summary(r.stats()))).append(System.lineSeparator());
      }
      out.append(sb);
    } else {
      TextReport.write(r, out::append);
    }
    out.flush();
  }

  /**
   * The last JSON line when some lines looked like conntrack messages but were not understood: {@code
   * {"type":"summary","linesRead":N,"kernelMessages":N,"unread":{"REASON":{"lines":N,"example":"LINE"}}}}.
   */
  record Summary(String type, long linesRead, long kernelMessages, Map<String, ScanStats.Unread> unread) {
  }

  private static Summary summary(ScanStats stats) {
    Map<String, ScanStats.Unread> unread = new TreeMap<>();
    stats.unread().forEach((reason, u) -> unread.put(reason.label(), u));
    return new Summary("summary", stats.linesRead(), stats.kernelMessages(), unread);
  }

  private static Instant timeOf(Object o) {
    return o instanceof Finding f ? f.eventTime() : ((Recommendation) o).timestamp();
  }
}
