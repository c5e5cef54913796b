package io.conntrackadvisor.streams;

import io.conntrackadvisor.model.TopicSetup;
import io.conntrackadvisor.model.Topics;
import io.conntrackadvisor.model.config.CommandConfig;
import io.conntrackadvisor.model.config.Settings;
import io.conntrackadvisor.model.ops.OpsServer;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code streams} command: creates the topics, runs the {@link AdvisorTopology} with exactly-once processing,
 * serves {@code /health}, {@code /ready} and {@code /metrics}, and blocks until closed. On SIGTERM it closes
 * cleanly and leaves the consumer group at once, so that the remaining instances take over its hosts without
 * waiting for a session timeout. More instances with the same application id share the partitions, and so the
 * hosts.
 */
public final class StreamsApp implements AutoCloseable {
  /** How long a clean close may take. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);
  /** The producer's batch size unless {@code kafka.producer.batch.size} says otherwise. */
  static final int PRODUCER_BATCH_BYTES = 256 * 1024;

  private final Settings settings;
  private final CommandConfig config;
  private final AppCounters counters = new AppCounters();
  private final AtomicReference<KafkaStreams.State> state = new AtomicReference<>(KafkaStreams.State.CREATED);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private KafkaStreams streams;
  private OpsServer http;
  private KafkaStreamsMetrics streamsMetrics;

  public StreamsApp(Settings settings) {
    this.settings = settings;
    this.config = CommandConfig.of(StreamsSettings.CONFIG, settings);
  }

  /**
   * The Kafka Streams configuration: application id, state dir, exactly-once v2, the dead-letter topic and its
   * counting handlers, the bounded RocksDB memory; then every {@code kafka.*} setting, which wins.
   */
  public static Properties streamsProperties(Settings settings, AppCounters counters) {
    return streamsProperties(CommandConfig.of(StreamsSettings.CONFIG, settings), counters);
  }

  private static Properties streamsProperties(CommandConfig c, AppCounters counters) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, c.getString(StreamsSettings.APPLICATION_ID));
    p.put(StreamsConfig.STATE_DIR_CONFIG, c.getString(StreamsSettings.STATE_DIR));
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
        Topics.withPrefix(c.getString(StreamsSettings.TOPIC_PREFIX)).dlq().name());
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandlers.Deserialization.class);
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandlers.Processing.class);
    // The topology has no global store; on, the handler would also cover one, as Kafka 5.0 will by default, and
    // Kafka Streams no longer warns at every start that it is off.
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedMemoryRocksDbConfig.class);
    p.put(BoundedMemoryRocksDbConfig.TOTAL_BYTES_CONFIG, Long.toString(c.getSize(StreamsSettings.ROCKSDB_MEMORY)));
    p.put(BoundedMemoryRocksDbConfig.WRITE_BUFFER_RATIO_CONFIG,
        Double.toString(c.getDouble(StreamsSettings.ROCKSDB_WRITE_BUFFER_RATIO)));
    // Every input record writes the host's state to its changelog, most also a finding: 256 KiB batches instead of
    // the client's 16 KiB mean fewer produce requests, which the broker pays for per request and per partition
    // (bench-streams, warm: 45 -> 30 us of CPU per record; the pass-through gains as much).
    p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), PRODUCER_BATCH_BYTES);
    p.put(AppCounters.CONFIG_KEY, counters);
    p.putAll(c.kafkaProperties());
    return p;
  }

  /** Creates missing topics, builds the topology and starts processing and the HTTP endpoints; returns at once. */
  public synchronized void start() throws IOException, InterruptedException {
    String bootstrap = config.bootstrapServers();
    TopologySettings topologySettings = TopologySettings.from(config);
    int partitions;
    try (Admin admin = Admin.create(config.kafkaProperties())) {
      List<String> inputs = new ArrayList<>();
      topologySettings.kernelInputs().forEach(in -> inputs.add(in.topic()));
      inputs.add(topologySettings.topics().conntrackSamples().name());
      partitions = InputTopics.ensure(admin, topologySettings.topics(), inputs, new TopicSetup.Layout(
          topologySettings.partitions(), config.getShort(StreamsSettings.TOPIC_REPLICATION), -1));
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("cannot set up topics on " + bootstrap + ": " + e, e);
    }
    Topology topology = AdvisorTopology.build(topologySettings.withPartitions(partitions),
        new AdvisorTopology.Dependencies(counters, Clock.systemUTC()));
    LOG.info("Starting with {} and topology {}", settings, topology.describe());
    streams = new KafkaStreams(topology, streamsProperties(config, counters));
    streams.setStateListener((now, before) -> {
      state.set(now);
      LOG.info("Kafka Streams state {} -> {}", before, now);
      if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
        stopped.countDown();
      }
    });
    streams.setUncaughtExceptionHandler(e -> {
      LOG.error("Stream thread failed; shutting this instance down so that it restarts from committed state", e);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(counters.metrics().registry());
    Integer port = config.metricsPort();
    if (port != null) {
      http = OpsServer.start(new InetSocketAddress(config.getString(StreamsSettings.METRICS_ADDRESS), port),
          "conntrack-advisor-http", counters.metrics(), this::health, this::readiness);
      LOG.info("Serving /health, /ready and /metrics on port {}", http.port());
    }
    streams.start();
  }

  /**
   * Runs until the process is told to stop (SIGTERM or SIGINT close cleanly) or the instance fails.
   *
   * @return 0 after a clean stop, 1 when Kafka Streams ended in error
   */
  public int run() throws IOException, InterruptedException {
    Thread hook = new Thread(this::close, "conntrack-advisor-streams-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    start();
    stopped.await();
    if (state.get() == KafkaStreams.State.ERROR) {
      close();
      return 1;
    }
    return 0;
  }

  /** Alive while starting, rebalancing or running; not once failed or stopped. */
  private OpsServer.Check health() {
    KafkaStreams.State s = state.get();
    return new OpsServer.Check(s == KafkaStreams.State.CREATED || s == KafkaStreams.State.REBALANCING
        || s == KafkaStreams.State.RUNNING, s.toString());
  }

  /** Ready while RUNNING. */
  private OpsServer.Check readiness() {
    KafkaStreams.State s = state.get();
    return new OpsServer.Check(s == KafkaStreams.State.RUNNING, s.toString());
  }

  /** The latest Kafka Streams state. */
  public KafkaStreams.State state() {
    return state.get();
  }

  /** The running Kafka Streams instance (for metadata), or null before {@link #start()}. */
  public synchronized KafkaStreams streams() {
    return streams;
  }

  /** The port of the HTTP endpoints, or -1 when disabled or not started. */
  public synchronized int metricsPort() {
    return http == null ? -1 : http.port();
  }

  /** The application counters. */
  public AppCounters counters() {
    return counters;
  }

  /** Closes cleanly (commits, leaves the group) within {@link #CLOSE_TIMEOUT}; idempotent. */
  @Override
  public synchronized void close() {
    if (streams != null) {
      boolean done = streams.close(CloseOptions.groupMembershipOperation(
          CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(CLOSE_TIMEOUT));
      if (!done) {
        LOG.warn("Kafka Streams did not close within {}", CLOSE_TIMEOUT);
      }
    }
    if (http != null) {
      http.close();
      http = null;
    }
    if (streamsMetrics != null) {
      streamsMetrics.close();
      streamsMetrics = null;
    }
    stopped.countDown();
  }
}
