package io.conntrackadvisor.bench.micro;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.fasterxml.jackson.dataformat.smile.databind.SmileMapper;
import io.conntrackadvisor.core.detect.HostState;
import io.conntrackadvisor.core.detect.HostStateCodec;
import io.conntrackadvisor.model.Json;
import java.io.IOException;
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
 * The host-state codec the Streams application writes on every record of a host, against Jackson's binary formats
 * (Smile, CBOR) over the state's existing JSON mapping and that JSON itself: what a well-kept library would cost
 * instead of the hand-written form. The state is a busy host's ({@link MicroStates#busyHost}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HostStateCodecBench {
  static final ObjectMapper SMILE = Json.configure(SmileMapper.builder()).build();
  static final ObjectMapper CBOR = Json.configure(CBORMapper.builder()).build();

  /** The hand codec, or the state's Jackson mapping in one of three formats. */
  @Param({"hand", "cbor", "smile", "json"})
  public String form;

  private HostState state;
  private ObjectMapper mapper;
  private byte[] bytes;

  @Setup
  public void setUp() throws IOException {
    state = MicroStates.busyHost();
    mapper = switch (form) {
      case "hand" -> null;
      case "cbor" -> CBOR;
      case "smile" -> SMILE;
      case "json" -> Json.mapper();
      default -> throw new IllegalArgumentException(form);
    };
    bytes = encode();
  }

  @Benchmark
  public byte[] encode() throws IOException {
    return mapper == null ? HostStateCodec.encode(state) : mapper.writeValueAsBytes(state);
  }

  @Benchmark
  public HostState decode() throws IOException {
    return mapper == null ? HostStateCodec.decode(bytes) : mapper.readValue(bytes, HostState.class);
  }
}
