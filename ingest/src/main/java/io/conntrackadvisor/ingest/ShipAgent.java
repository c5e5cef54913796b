package io.conntrackadvisor.ingest;

import io.conntrackadvisor.core.proc.ProcReader;
import io.conntrackadvisor.ingest.delivery.Checkpoint;
import io.conntrackadvisor.ingest.delivery.KafkaClients;
import io.conntrackadvisor.ingest.delivery.Outbox;
import io.conntrackadvisor.ingest.delivery.RecordFactory;
import io.conntrackadvisor.ingest.delivery.StateFile;
import io.conntrackadvisor.ingest.delivery.TransactionalShipper;
import io.conntrackadvisor.ingest.source.ConntrackSampler;
import io.conntrackadvisor.ingest.source.ConntrackStatsCommand;
import io.conntrackadvisor.ingest.source.FileTailSource;
import io.conntrackadvisor.ingest.source.JournalEntryDecoder;
import io.conntrackadvisor.ingest.source.JournalctlCommand;
import io.conntrackadvisor.ingest.source.JournaldSource;
import io.conntrackadvisor.ingest.source.KmsgSource;
import io.conntrackadvisor.ingest.source.LinePublisher;
import io.conntrackadvisor.ingest.source.Source;
import io.conntrackadvisor.ingest.source.SyslogTcpSource;
import io.conntrackadvisor.ingest.source.SyslogUdpSource;
import io.conntrackadvisor.model.Topics;
import io.conntrackadvisor.model.config.Settings;
import io.conntrackadvisor.model.ops.OpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host agent behind {@code ship}: runs the configured sources (journald, {@code /dev/kmsg}, tailed syslog
 * files, UDP and TCP syslog receivers, the conntrack sampler) and delivers what they read to Kafka exactly once through a
 * {@link TransactionalShipper}. The constructor checks the settings, locks the state folder and binds the network
 * listeners, so a bad configuration fails at once; {@link #run()} connects and blocks until {@link #close()}, which
 * stops the sources, delivers and checkpoints what was read, and logs the counters.
 */
public final class ShipAgent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ShipAgent.class);
  /** Extra time {@link #close()} allows beyond the shutdown timeout for threads to end. */
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(15);

  private final ShipSettings settings;
  private final String host;
  private final ShipMetrics metrics = new ShipMetrics();
  private final Outbox outbox;
  private final StateFile state;
  private final TransactionalShipper shipper;
  private final List<Source> sources = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CountDownLatch running = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private SyslogUdpSource udp;
  private SyslogTcpSource tcp;
  private OpsServer opsServer;

  /**
   * An agent configured by layered {@link Settings} (see {@link ShipSettings#from}), ready to {@link #run()}.
   *
   * @throws IOException           when a listener cannot bind or the state folder cannot be used
   * @throws IllegalStateException when another agent holds the state folder
   */
  public ShipAgent(Settings layered) throws IOException {
    this.settings = ShipSettings.from(layered);
    this.host = AgentHost.resolve(settings.host(), settings.procRoot());
    this.outbox = new Outbox(settings.bufferMaxRecords(), settings.bufferMaxBytes(), metrics);
    this.state = StateFile.open(settings.stateDir());
    Topics topics = Topics.withPrefix(settings.topicPrefix());
    RecordFactory records = new RecordFactory(topics);
    KafkaClients clients = new KafkaClients(settings.kafka(), settings.transactionalIdFor(host),
        ShipSettings.TRANSACTIONAL_ID_PREFIX + host, settings.bufferMaxBytes());
    try {
      buildSources(records);
      if (settings.metricsPort() != null) {
        opsServer = OpsServer.start(new InetSocketAddress(settings.metricsAddress(), settings.metricsPort()),
            "ship-ops", metrics.metrics(), this::health, this::readiness);
      }
      clients.check();
    } catch (IOException | RuntimeException e) {
      releaseListeners();
      try {
        state.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    this.shipper = new TransactionalShipper(settings, host, outbox, records, metrics, state, clients,
        List.of(topics.kernelMessages(), topics.conntrackSamples(), topics.shipCheckpoints()));
    metrics.gauge("buffer_records", "Records held in memory, queued or in the open transaction.", outbox::held);
    metrics.gauge("buffer_bytes", "Bytes of records held in memory.", outbox::heldBytes);
    metrics.gauge("buffer_records_high_water", "The most records held in memory at once.", outbox::highWater);
    metrics.gauge("committed_transaction", "Sequence number of the last committed transaction.", shipper::seq);
  }

  /**
   * Connects to Kafka (retrying until it can, or until closed), starts the sources from their checkpoints and
   * delivers until {@link #close()}.
   *
   * @throws IllegalStateException when called twice
   */
  public void run() throws InterruptedException {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("the agent runs already or ran");
    }
    LOG.info("Ship agent for host {} starting: {}", host, settings);
    try {
      Map<String, Checkpoint> resume = shipper.start();
      if (resume == null) {
        return;
      }
      startSources(resume);
      running.countDown();
      LOG.info("Ship agent running with sources {}", sources.stream().map(Source::id).toList());
      shipper.run();
    } finally {
      sources.forEach(Source::stop);
      for (Thread t : threads) {
        t.join(CLOSE_GRACE.toMillis());
      }
      shutDown();
    }
  }

  /**
   * Stops the sources, delivers and checkpoints what they read (within the shutdown timeout), and waits for
   * {@link #run()} to return. Safe to call from a shutdown hook, and more than once. An interrupt ends the wait and
   * is kept in the thread's status.
   */
  @Override
  public void close() {
    try {
      if (!closing.compareAndSet(false, true)) {
        awaitFinished();
        return;
      }
      LOG.info("Ship agent stopping");
      sources.forEach(Source::stop);
      outbox.closeForWrites();
      shipper.stop(settings.shutdownTimeout());
      if (!started.compareAndSet(false, true)) {
        awaitFinished(); // run() delivers what is queued, then shuts down
        return;
      }
      shutDown();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitFinished() throws InterruptedException {
    if (!finished.await(settings.shutdownTimeout().plus(CLOSE_GRACE).toMillis(), TimeUnit.MILLISECONDS)) {
      LOG.warn("Ship agent did not stop within {}", settings.shutdownTimeout().plus(CLOSE_GRACE));
    }
  }

  /** Waits until the agent is connected and its sources run; false on timeout or when it stopped first. */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && finished.getCount() > 0;
  }

  /** The agent's counters. */
  public ShipMetrics metrics() {
    return metrics;
  }

  /** The agent's host name: {@code --host}, the proc root's host name, or the JVM's. */
  public String host() {
    return host;
  }

  /** Where the UDP syslog receiver listens, or null without one. */
  public InetSocketAddress syslogUdpAddress() {
    return udp == null ? null : udp.address();
  }

  /** Where the TCP syslog receiver listens, or null without one. */
  public InetSocketAddress syslogTcpAddress() {
    return tcp == null ? null : tcp.address();
  }

  /** Where the operations endpoints listen, or null without them. */
  public InetSocketAddress metricsAddress() {
    return opsServer == null ? null
        : new InetSocketAddress(settings.metricsAddress(), opsServer.port());
  }

  /** Alive until the agent stopped. */
  private OpsServer.Check health() {
    boolean ended = finished.getCount() == 0;
    return new OpsServer.Check(!ended, ended ? "stopped" : "running");
  }

  /** Ready while connected to Kafka with its sources running. */
  private OpsServer.Check readiness() {
    boolean ready = running.getCount() == 0 && finished.getCount() > 0;
    return new OpsServer.Check(ready, ready ? "shipping" : "connecting to Kafka or stopped");
  }

  private void buildSources(RecordFactory records) throws IOException {
    int max = settings.maxLineBytes();
    ZoneId zone = ZoneId.systemDefault();
    if (settings.journald()) {
      JournalctlCommand command = new JournalctlCommand(settings.journalctl(), settings.journalFiles(),
          settings.journalDirectory(), settings.journalAll());
      sources.add(new JournaldSource(command,
          new JournalEntryDecoder(host, settings.journalAll(), max, records, metrics), outbox, metrics,
          settings.restartBackoff(), settings.restartBackoffMax()));
    }
    if (settings.kmsg()) {
      sources.add(new KmsgSource(settings.kmsgPath(), settings.procRoot(), host, settings.kmsgAll(), max, outbox,
          records, metrics, settings.restartBackoff(), settings.restartBackoffMax()));
    }
    LinePublisher files = new LinePublisher(FileTailSource.LABEL, host, max, zone, outbox, records, metrics);
    for (Path file : settings.syslogFiles()) {
      sources.add(new FileTailSource(file, settings.filePollInterval(), max, files, metrics));
    }
    if (settings.syslogUdp() != null) {
      udp = new SyslogUdpSource(settings.syslogUdp(), max,
          new LinePublisher(SyslogUdpSource.LABEL, host, max, zone, outbox, records, metrics), metrics);
      sources.add(udp);
    }
    if (settings.syslogTcp() != null) {
      tcp = new SyslogTcpSource(settings.syslogTcp(), settings.tcpMaxConnections(), max,
          new LinePublisher(SyslogTcpSource.LABEL, host, max, zone, outbox, records, metrics), metrics);
      sources.add(tcp);
    }
    if (settings.sampler()) {
      sources.add(new ConntrackSampler(settings.procRoot(), host, settings.sampleInterval(),
          settings.statesInterval(),
          new ProcReader.HistogramLimits(settings.statesMaxLines(), settings.statesMaxTime().toMillis()),
          settings.namespaces() ? settings.namespacesRescan() : null, conntrackStatsCommand(), outbox, records,
          metrics));
    }
  }

  private ConntrackStatsCommand conntrackStatsCommand() {
    return settings.conntrackCommand() == null ? null : new ConntrackStatsCommand(settings.conntrackCommand(),
        ConntrackStatsCommand.DEFAULT_TIMEOUT, ConntrackStatsCommand.DEFAULT_MAX_OUTPUT_BYTES);
  }

  private void startSources(Map<String, Checkpoint> resume) {
    for (Source s : sources) {
      Checkpoint from = resume.get(s.id());
      Thread t = new Thread(() -> runSource(s, from), "ship-" + s.id());
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  private void runSource(Source s, Checkpoint from) {
    try {
      s.run(from);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      metrics.increment(ShipMetrics.Counter.SOURCE_ERRORS, s.id());
      LOG.error("Source {} stopped on an unexpected error", s.id(), e);
    }
  }

  private synchronized void shutDown() {
    if (finished.getCount() == 0) {
      return;
    }
    shipper.close();
    releaseListeners();
    try {
      state.close();
    } catch (IOException e) {
      LOG.debug("Releasing the state folder lock failed", e);
    }
    LOG.info("Ship agent stopped; counters: {}", metrics.summary());
    finished.countDown();
    running.countDown(); // wakes awaitRunning when the agent stopped before it ran
  }

  private void releaseListeners() {
    if (udp != null) {
      udp.stop();
    }
    if (tcp != null) {
      tcp.stop();
    }
    if (opsServer != null) {
      opsServer.close();
    }
  }
}
