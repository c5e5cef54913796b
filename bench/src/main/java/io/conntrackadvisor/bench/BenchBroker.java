package io.conntrackadvisor.bench;

import io.conntrackadvisor.app.Main;
import io.conntrackadvisor.broker.BrokerRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A fresh Kafka broker in a child JVM (the launcher's {@code broker} command) on a free port. */
final class BenchBroker implements AutoCloseable {
  private final ChildJvm jvm;
  private final String bootstrap;

  private BenchBroker(ChildJvm jvm, String bootstrap) {
    this.jvm = jvm;
    this.bootstrap = bootstrap;
  }

  /** Starts the broker with its data under {@code dir}; returns once clients can connect. */
  static BenchBroker start(Path dir, List<String> jvmOptions) throws IOException {
    ChildJvm jvm = ChildJvm.start(jvmOptions, Main.class.getName(),
        List.of("broker", "--port", "0", "--data-dir", dir.resolve("broker").toString()), dir.resolve("broker.log"));
    String line = jvm.awaitLine(l -> l.startsWith(BrokerRunner.READY_LINE_PREFIX));
    return new BenchBroker(jvm, line.substring(BrokerRunner.READY_LINE_PREFIX.length()).trim());
  }

  String bootstrapServers() {
    return bootstrap;
  }

  /** CPU time the broker's JVM has used so far. */
  java.time.Duration cpu() {
    return jvm.cpu();
  }

  @Override
  public void close() throws InterruptedException {
    jvm.close();
  }
}
