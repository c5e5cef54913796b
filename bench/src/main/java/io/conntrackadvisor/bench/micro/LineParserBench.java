package io.conntrackadvisor.bench.micro;

import io.conntrackadvisor.core.parse.LineParser;
import io.conntrackadvisor.core.parse.ParseContext;
import io.conntrackadvisor.core.parse.ParseResult;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One syslog line through the parser {@code ship} runs on every line it reads (and {@code analyze} on every line
 * its scan keeps), against the floor of looking for the words: {@code indexOf("table full")}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LineParserBench {
  private static final ParseContext CONTEXT =
      new ParseContext("bench-host", Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC, null, "file");
  private static final String MESSAGE = "nf_conntrack: nf_conntrack: table full, dropping packet";

  /** An RFC 3164 kernel line, an RFC 5424 one, and an application's line (most of a real log). */
  @Param({"rfc3164-kernel", "rfc5424-kernel", "rfc3164-other"})
  public String line;

  private String text;

  @Setup
  public void setUp() {
    text = switch (line) {
      case "rfc3164-kernel" -> "Nov 25 10:00:01 node-7 kernel: [123456.789012] " + MESSAGE;
      case "rfc5424-kernel" -> "<4>1 2026-11-25T10:00:01.123456+00:00 node-7 kernel - - - " + MESSAGE;
      case "rfc3164-other" -> "Nov 25 10:00:01 node-7 sshd[4242]: Accepted publickey for deploy from 10.1.2.3 "
          + "port 52311 ssh2: ED25519 SHA256:abc";
      default -> throw new IllegalArgumentException(line);
    };
  }

  @Benchmark
  public ParseResult parse() {
    return LineParser.parse(text, CONTEXT);
  }

  @Benchmark
  public int indexOfTableFull() {
    return text.indexOf("table full");
  }
}
