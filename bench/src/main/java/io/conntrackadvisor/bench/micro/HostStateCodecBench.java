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

  private HostState state;
  private byte[] hand;
  private byte[] smile;
  private byte[] cbor;
  private byte[] json;

  @Setup
  public void setUp() throws IOException {
    state = MicroStates.busyHost();
    hand = HostStateCodec.encode(state);
    smile = SMILE.writeValueAsBytes(state);
    cbor = CBOR.writeValueAsBytes(state);
    json = Json.writeBytes(state);
  }

  @Benchmark
  public byte[] handEncode() {
    return HostStateCodec.encode(state);
  }

  @Benchmark
  public HostState handDecode() throws IOException {
    return HostStateCodec.decode(hand);
  }

  @Benchmark
  public byte[] smileEncode() throws IOException {
    return SMILE.writeValueAsBytes(state);
  }

  @Benchmark
  public HostState smileDecode() throws IOException {
    return SMILE.readValue(smile, HostState.class);
  }

  @Benchmark
  public byte[] cborEncode() throws IOException {
    return CBOR.writeValueAsBytes(state);
  }

  @Benchmark
  public HostState cborDecode() throws IOException {
    return CBOR.readValue(cbor, HostState.class);
  }

  @Benchmark
  public byte[] jsonEncode() {
    return Json.writeBytes(state);
  }

  @Benchmark
  public HostState jsonDecode() throws IOException {
    return Json.read(json, HostState.class);
  }
}
