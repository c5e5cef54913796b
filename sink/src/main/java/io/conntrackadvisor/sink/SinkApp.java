package io.conntrackadvisor.sink;

import io.conntrackadvisor.model.TopicSetup;
import io.conntrackadvisor.model.Topics;
import io.conntrackadvisor.model.config.Settings;
import io.conntrackadvisor.model.ops.Backoff;
import io.conntrackadvisor.model.ops.OpsServer;
import io.conntrackadvisor.model.ops.StopSignal;
import io.conntrackadvisor.sink.dropin.DropInOutput;
import io.conntrackadvisor.sink.report.Dashboard;
import io.conntrackadvisor.sink.report.ReportOutput;
import io.conntrackadvisor.sink.webhook.AlertmanagerOutput;
import io.conntrackadvisor.sink.webhook.WebhookFormat;
import io.conntrackadvisor.sink.webhook.WebhookOutput;
import io.conntrackadvisor.sink.webhook.WebhookSender;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code sink} command: consumes recommendations and findings (and samples, for host RAM) and writes them where
 * operators work: drop-in files, a webhook, JSON lines, an HTML report. Offsets are committed by hand after the
 * outputs succeeded or gave up ({@code read_committed}, at-least-once; outputs are idempotent).
 *
 * <p>Use: {@code app = new SinkApp(settings)}, a shutdown hook calling {@code app.close()}, then {@code app.run()},
 * which blocks until {@link #close()} (for example on SIGTERM); {@code close()} waits for the loop to commit and end.
 */
public final class SinkApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SinkApp.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
  private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);
  private static final Duration RETRY_BACKOFF_MAX = Duration.ofSeconds(30);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration TOPIC_WAIT = Duration.ofSeconds(2);
  private static final Duration TOPIC_LIST_TIMEOUT = Duration.ofSeconds(10);
  /** Records per poll: few, because one may wait for its webhook's retries. */
  private static final int MAX_POLL_RECORDS = 20;

  private final SinkSettings settings;
  private final Topics topics;
  private final SinkMetrics metrics = new SinkMetrics();
  private final StopSignal shutdown = new StopSignal();
  private final HostMemory memory = new HostMemory();
  private final RecommendationValidator validator;
  private final Outputs outputs;
  private final AlertmanagerOutput alerts;
  private final OpsServer opsServer;
  private final OpsServer dashboard;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean metricsClosed = new AtomicBoolean();
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile Consumer<byte[], byte[]> consumer;
  private volatile boolean polling;
  private volatile String waitingFor;

  /** A sink configured by the layered settings of the command line, printing JSON lines to {@link System#out}. */
  public SinkApp(Settings settings) throws IOException {
    this(SinkSettings.from(settings), Clock.systemUTC(), System.out);
  }

  SinkApp(SinkSettings settings, Clock clock, PrintStream stdout) throws IOException {
    this.settings = settings;
    this.topics = Topics.withPrefix(settings.topicPrefix());
    this.validator = new RecommendationValidator(memory, settings.memoryFraction(), clock);
    OutputDirectory out = new OutputDirectory(settings.outDir());
    ReportOutput report = null;
    if (settings.report() || settings.httpPort() != null) {
      report = new ReportOutput(out, settings.reportWindow(), settings.report(), clock, metrics);
      report.load();
    }
    List<WebhookSender> senders = settings.webhookUrls().stream()
        .map(url -> new WebhookSender(url, settings, shutdown, metrics)).toList();
    boolean alertmanager = !senders.isEmpty() && settings.webhookFormat() == WebhookFormat.ALERTMANAGER;
    this.alerts = alertmanager ? new AlertmanagerOutput(senders, out, settings, clock, metrics) : null;
    WebhookOutput webhook = senders.isEmpty() || alertmanager ? null
        : new WebhookOutput(senders.get(0), settings.webhookFormat(), out, metrics);
    this.outputs = new Outputs(settings.dropIns() ? new DropInOutput(out, metrics) : null,
        settings.stdout() ? new JsonLinesOutput(stdout, metrics) : null, report, webhook, alerts);
    this.opsServer = settings.metricsPort() == null ? null
        : OpsServer.start(new InetSocketAddress(settings.metricsAddress(), settings.metricsPort()), "sink-ops",
            metrics.metrics(), this::health, this::readiness);
    this.dashboard = report == null || settings.httpPort() == null ? null
        : OpsServer.start(new InetSocketAddress(settings.httpAddress(), settings.httpPort()), "sink-http",
            metrics.metrics(), this::health, this::readiness,
            new Dashboard(report.live(), settings.reportWindow()).pages(), Dashboard.THREADS);
    if (dashboard != null) {
      LOG.info("fleet dashboard at {}", dashboardUrl());
    }
  }

  /** The dashboard's address ({@code http://127.0.0.1:PORT/}), or null without {@code http.port}. */
  public String dashboardUrl() {
    if (dashboard == null) {
      return null;
    }
    String host = settings.httpAddress();
    host = host.equals("0.0.0.0") ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
    return "http://" + host + ":" + dashboard.port() + "/";
  }

  /** Consumes until {@link #close()}; at most once per instance. */
  public void run() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("the sink runs only once");
    }
    try (Admin admin = Admin.create(settings.kafkaProperties())) {
      createDeadLetterTopic(admin);
      if (!awaitTopics(admin)) {
        finished.countDown();
        return;
      }
    }
    if (alerts != null) {
      try {
        alerts.start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the alerts kept in " + settings.outDir(), e);
      }
    }
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProperties());
        KafkaProducer<byte[], byte[]> dlqProducer = new KafkaProducer<>(producerProperties());
        KafkaClientMetrics consumerMetrics = new KafkaClientMetrics(c);
        KafkaClientMetrics producerMetrics = new KafkaClientMetrics(dlqProducer)) {
      consumerMetrics.bindTo(metrics.metrics().registry());
      producerMetrics.bindTo(metrics.metrics().registry());
      consumer = c;
      DeadLetters deadLetters = new DeadLetters(dlqProducer, topics.dlq(), metrics);
      // samples are read for the charts too; only validate.memory.from.samples lets them tell the host's RAM
      RecordHandler handler = new RecordHandler(topics, validator, settings.memoryFromSamples() ? memory : null,
          outputs, deadLetters, metrics);
      BatchProcessor batches = new BatchProcessor(c, handler::handle, outputs::flush, metrics);
      c.subscribe(subscribedTopics(), batches);
      LOG.info("sink started: {}", settings);
      loop(c, batches);
    } finally {
      consumer = null;
      LOG.info("sink stopped"); // before the count-down: a shutdown hook waiting on it lets the JVM halt
      finished.countDown();
    }
  }

  /** Without the dead-letter topic a poison record would hold its partition until someone creates it. */
  private void createDeadLetterTopic(Admin admin) {
    try {
      TopicSetup.create(admin, List.of(topics.dlq()), TopicSetup.Layout.BROKER_DEFAULTS);
    } catch (KafkaException e) {
      LOG.warn("could not create the dead-letter topic {} (create the topics with `conntrack-advisor topics`): {}",
          topics.dlq().name(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Waits until the topics the sink reads exist, saying once which one is missing, instead of the Kafka
   * consumer's warning at every metadata refresh; false when closed first.
   */
  private boolean awaitTopics(Admin admin) {
    while (!shutdown.isSet()) {
      String missing = missingTopic(admin);
      if (missing == null) {
        if (waitingFor != null) {
          LOG.info("topic {} exists now", waitingFor);
          waitingFor = null;
        }
        return true;
      }
      if (!missing.equals(waitingFor)) {
        LOG.warn("waiting for topic {}; is `streams` running? (or create the topics with `conntrack-advisor "
            + "topics`)", missing);
        waitingFor = missing;
      }
      shutdown.sleep(TOPIC_WAIT);
    }
    return false;
  }

  /** The first subscribed topic the cluster does not have, or null; a broker that does not answer counts as none. */
  private String missingTopic(Admin admin) {
    try {
      Set<String> existing = admin.listTopics().names().get(TOPIC_LIST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return subscribedTopics().stream().filter(t -> !existing.contains(t)).findFirst().orElse(null);
    } catch (ExecutionException | TimeoutException e) {
      return null; // the consumer reports an unreachable broker itself
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private void loop(Consumer<byte[], byte[]> c, BatchProcessor batches) {
    int failures = 0;
    try {
      while (!shutdown.isSet()) {
        ConsumerRecords<byte[], byte[]> records = c.poll(POLL_TIMEOUT);
        polling = true;
        if (batches.process(records)) {
          failures++;
          shutdown.sleep(Backoff.after(failures, RETRY_BACKOFF, RETRY_BACKOFF_MAX));
        } else {
          failures = 0;
        }
      }
    } catch (WakeupException e) {
      // close() woke a waiting poll or commit
    }
    try {
      batches.commitPending();
    } catch (WakeupException e) {
      batches.commitPending(); // the wake-up of close() arrived here instead of in poll; it fires only once
    }
    try {
      outputs.close();
    } catch (IOException | RecordRejectedException e) {
      LOG.warn("could not save the report history on stopping: {}", e.toString());
    }
  }

  private List<String> subscribedTopics() {
    List<String> names = new ArrayList<>(List.of(topics.recommendations().name(), topics.findings().name()));
    if (settings.memoryFromSamples() || settings.report() || settings.httpPort() != null) {
      names.add(topics.conntrackSamples().name());
    }
    return names;
  }

  Properties consumerProperties() {
    Properties p = settings.kafkaProperties();
    p.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "conntrack-advisor-sink");
    p.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(MAX_POLL_RECORDS));
    // one poll's records may each wait out their webhook's retries before the next poll
    long interval = Math.max(300_000L, settings.worstCaseDelivery().toMillis() * MAX_POLL_RECORDS + 60_000L);
    p.putIfAbsent(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, String.valueOf(interval));
    // an idle connection to the coordinator must outlive that interval, or a rejoin is disrupted
    long idle = Math.max(540_000L, interval + 60_000L);
    p.putIfAbsent(ConsumerConfig.CONNECTIONS_MAX_IDLE_MS_CONFIG, String.valueOf(idle));
    p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }

  private Properties producerProperties() {
    Properties p = settings.kafkaProperties();
    p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "conntrack-advisor-sink-dlq");
    p.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "40000");
    p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }

  /** The counters (also served on the metrics port). */
  public SinkMetrics metrics() {
    return metrics;
  }

  /** The port of the operations endpoints, or -1 when they are off. */
  public int metricsPort() {
    return opsServer == null ? -1 : opsServer.port();
  }

  /** Alive until the consuming loop ended (it ends only on close). */
  private OpsServer.Check health() {
    boolean ended = finished.getCount() == 0;
    return new OpsServer.Check(!ended, ended ? "stopped" : started.get() ? "running" : "starting");
  }

  /** Ready once the consumer polled Kafka. */
  private OpsServer.Check readiness() {
    String waiting = waitingFor;
    return new OpsServer.Check(polling && finished.getCount() > 0, polling ? "consuming"
        : waiting != null ? "waiting for topic " + waiting : "not consuming yet");
  }

  /**
   * Stops the loop, waits until it committed and closed its clients, and stops the metrics endpoint. Safe to call
   * from any thread (a shutdown hook), more than once, and before {@link #run()}.
   */
  @Override
  public void close() {
    shutdown.set();
    Consumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    if (started.get()) {
      try {
        if (!finished.await(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          LOG.warn("the sink did not stop within {}", CLOSE_TIMEOUT);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (alerts != null) {
      alerts.close();
    }
    if (metricsClosed.compareAndSet(false, true)) {
      if (opsServer != null) {
        opsServer.close();
      }
      if (dashboard != null) {
        dashboard.close();
      }
    }
  }
}
