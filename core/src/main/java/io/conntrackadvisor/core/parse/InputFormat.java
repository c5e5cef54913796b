package io.conntrackadvisor.core.parse;

import com.fasterxml.jackson.databind.JsonNode;
import io.conntrackadvisor.model.Json;
import io.conntrackadvisor.model.KernelMessage;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The formats kernel messages arrive in on the topics that log shippers fill, one record each: the JSON contract of
 * {@code kernel-messages}, a raw syslog line ({@link LineParser}, as {@code analyze} reads files),
 * {@code journalctl -o json} ({@link JournalJsonParser}), the JSON that rsyslog, syslog-ng, Fluent Bit, Vector and
 * Filebeat write ({@link FieldPaths} presets), {@code json} with paths of one's own, and {@code auto}, which takes
 * a line for syslog and an object for any of the JSON shapes. Only the kernel's messages count: journald transport
 * {@code kernel}, or without a transport, syslog facility {@code kern} or tag {@code kernel}.
 */
public final class InputFormat {
  /** The contract's JSON. */
  public static final String CONTRACT = "contract";
  /** Paths of the JSON template the README documents for rsyslog's omkafka ({@code option.jsonf}). */
  static final FieldPaths RSYSLOG_JSON = new FieldPaths(List.of("host", "hostname"),
      List.of("timestamp", "timereported"), List.of("message", "msg"), List.of(), List.of("facility"),
      List.of(), List.of("tag", "program", "programname"), List.of("severity"));
  /** syslog-ng's {@code $(format-json --scope rfc5424 --scope nv-pairs)}. */
  static final FieldPaths SYSLOG_NG_JSON = new FieldPaths(List.of("HOST"), List.of("ISODATE", "DATE"),
      List.of("MESSAGE", "MSG"), List.of("_TRANSPORT"), List.of("FACILITY"), List.of(), List.of("PROGRAM"),
      List.of("PRIORITY"));
  /** Fluent Bit's Kafka output (JSON) from its {@code systemd} input, or from {@code tail}/{@code syslog}. */
  static final FieldPaths FLUENT_BIT = new FieldPaths(List.of("_HOSTNAME", "host", "hostname"),
      List.of("@timestamp", "__REALTIME_TIMESTAMP", "time"), List.of("MESSAGE", "message", "log"),
      List.of("_TRANSPORT"), List.of("SYSLOG_FACILITY", "facility"), List.of("pri"),
      List.of("SYSLOG_IDENTIFIER", "ident"), List.of("PRIORITY"));
  /** Vector's Kafka sink (JSON) from its {@code journald} or {@code syslog} source. */
  static final FieldPaths VECTOR = new FieldPaths(List.of("hostname", "host", "_HOSTNAME"),
      List.of("timestamp", "__REALTIME_TIMESTAMP"), List.of("message", "MESSAGE"), List.of("_TRANSPORT"),
      List.of("facility", "SYSLOG_FACILITY"), List.of(), List.of("appname", "SYSLOG_IDENTIFIER"),
      List.of("severity", "PRIORITY"));
  /** Filebeat / Elastic Agent's Kafka output: ECS fields, from the syslog or the journald input. */
  static final FieldPaths ECS = new FieldPaths(List.of("log.syslog.hostname", "host.hostname", "host.name"),
      List.of("@timestamp"), List.of("message"), List.of("systemd.transport", "journald.transport"),
      List.of("log.syslog.facility.code", "log.syslog.facility.name", "syslog.facility"), List.of(),
      List.of("log.syslog.appname", "syslog.identifier", "process.name"), List.of("log.syslog.severity.code"));
  /** The contract's own fields, for {@code auto}. */
  private static final FieldPaths CONTRACT_FIELDS = new FieldPaths(List.of("host"), List.of("timestamp"),
      List.of("message"), List.of("transport"), List.of("facility"), List.of(), List.of("identifier"),
      List.of("priority"));
  /** Presets by name. */
  private static final Map<String, FieldPaths> PRESETS = Map.of("rsyslog-json", RSYSLOG_JSON,
      "syslog-ng-json", SYSLOG_NG_JSON, "fluent-bit", FLUENT_BIT, "vector", VECTOR, "ecs", ECS);
  /** Every format name {@link #of} takes. */
  public static final List<String> NAMES = List.of(CONTRACT, "syslog", "journald", "rsyslog-json", "syslog-ng-json",
      "fluent-bit", "vector", "ecs", "auto", "json");
  private static final FieldPaths ANY_JSON = FieldPaths.union(
      List.of(CONTRACT_FIELDS, RSYSLOG_JSON, SYSLOG_NG_JSON, FLUENT_BIT, VECTOR, ECS));

  private final String name;
  /** JSON paths, or null for the contract, raw syslog and journald. */
  private final FieldPaths paths;

  private InputFormat(String name, FieldPaths paths) {
    this.name = name;
    this.paths = paths;
  }

  /**
   * The format called {@code name} (one of {@link #NAMES}); {@code json} takes its paths from {@code jsonPaths}
   * (field -> comma-separated paths, see {@link FieldPaths#FIELDS}; fields left out take the {@code auto} paths).
   */
  public static InputFormat of(String name, Map<String, String> jsonPaths) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    if (PRESETS.containsKey(n)) {
      return new InputFormat(n, PRESETS.get(n));
    }
    return switch (n) {
      case CONTRACT, "syslog", "journald" -> new InputFormat(n, null);
      case "auto" -> new InputFormat(n, ANY_JSON);
      case "json" -> new InputFormat(n, FieldPaths.fromSettings(jsonPaths, ANY_JSON));
      default -> throw new IllegalArgumentException("unknown input format '" + name + "'; the formats are " + names());
    };
  }

  /** The format's name. */
  public String name() {
    return name;
  }

  /** True for the contract's JSON, which the Streams application reads with the contract's serde. */
  public boolean isContract() {
    return CONTRACT.equals(name);
  }

  /** Decodes one record's text; {@code ctx} gives the zone and year of stamps that lack them. Never throws. */
  public DecodedRecord decode(String text, ParseContext ctx) {
    try {
      return switch (name) {
        case CONTRACT -> contract(text);
        case "syslog" -> fromParse(LineParser.parse(text, ctx));
        case "journald" -> fromParse(JournalJsonParser.parse(text, ctx));
        case "auto" -> text.stripLeading().startsWith("{") ? json(text, ctx)
            : fromParse(LineParser.parse(text, ctx));
        default -> json(text, ctx);
      };
    } catch (RuntimeException e) {
      return DecodedRecord.unreadable("not a " + name + " record: " + e);
    }
  }

  private DecodedRecord contract(String text) {
    try {
      return DecodedRecord.kernel(Json.read(text, KernelMessage.class));
    } catch (IOException | RuntimeException e) {
      return DecodedRecord.unreadable("not a kernel message of the JSON contract: " + e.getMessage());
    }
  }

  private DecodedRecord fromParse(ParseResult r) {
    if (!r.ok()) {
      return DecodedRecord.unreadable("not a " + name + " record (" + r.skipReason().label() + ")");
    }
    KernelMessage m = r.message();
    if (!KernelRecords.isKernel(m.transport(), m.facility(), m.identifier())) {
      return DecodedRecord.other("not a kernel message");
    }
    return DecodedRecord.kernel(KernelRecords.kernel(m.host(), m.timestamp(), m.bootId(), m.priority(),
        m.facility(), m.transport(), name, m.identifier(), m.message(), m.cursor()));
  }

  private DecodedRecord json(String text, ParseContext ctx) {
    JsonNode n;
    try {
      n = Json.mapper().readTree(text);
    } catch (IOException | RuntimeException e) {
      return DecodedRecord.unreadable("not JSON: " + e.getMessage());
    }
    if (n == null || !n.isObject()) {
      return DecodedRecord.unreadable("not a JSON object");
    }
    return KernelRecords.fromJson(n, paths, name, ctx);
  }

  @Override
  public String toString() {
    return paths == null || PRESETS.containsKey(name) ? name : name + " (" + paths + ")";
  }

  /** The names, for help texts. */
  public static String names() {
    return String.join(", ", NAMES);
  }
}
