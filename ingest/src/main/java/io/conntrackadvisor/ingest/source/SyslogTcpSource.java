package io.conntrackadvisor.ingest.source;

import io.conntrackadvisor.ingest.ShipMetrics;
import io.conntrackadvisor.ingest.delivery.Checkpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives syslog over TCP with octet-counted or newline framing (RFC 6587), one thread per connection up to a
 * limit. A full buffer makes the connection's thread wait, which TCP passes back to the sender.
 */
public final class SyslogTcpSource implements Source {
  /** Metrics label and {@code KernelMessage.source} of this source. */
  public static final String LABEL = "syslog-tcp";
  private static final Logger LOG = LoggerFactory.getLogger(SyslogTcpSource.class);

  private final ServerSocket server;
  private final int maxConnections;
  private final int maxLineBytes;
  private final LinePublisher publisher;
  private final ShipMetrics metrics;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private volatile boolean stopped;

  /** Binds the socket at once, so that a taken port fails the agent's start. */
  public SyslogTcpSource(InetSocketAddress address, int maxConnections, int maxLineBytes, LinePublisher publisher,
      ShipMetrics metrics) throws IOException {
    ServerSocket s = new ServerSocket();
    try {
      s.setReuseAddress(true);
      s.bind(address);
    } catch (IOException e) {
      s.close();
      throw new IOException("cannot bind the TCP syslog receiver to " + address + ": " + e.getMessage(), e);
    }
    this.server = s;
    this.maxConnections = maxConnections;
    this.maxLineBytes = maxLineBytes;
    this.publisher = publisher;
    this.metrics = metrics;
  }

  /** The bound address (the real port when 0 was configured). */
  public InetSocketAddress address() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  @Override
  public String id() {
    return LABEL;
  }

  @Override
  public void run(Checkpoint resume) {
    try {
      while (!stopped) {
        Socket socket = server.accept();
        if (connections.size() >= maxConnections) {
          metrics.increment(ShipMetrics.Counter.CONNECTIONS_REJECTED, LABEL);
          LOG.warn("Refusing TCP syslog connection from {}: {} are open", socket.getRemoteSocketAddress(),
              maxConnections);
          socket.close();
          continue;
        }
        metrics.increment(ShipMetrics.Counter.CONNECTIONS, LABEL);
        connections.add(socket);
        Thread t = new Thread(() -> serve(socket), "ship-syslog-tcp-" + socket.getRemoteSocketAddress());
        t.setDaemon(true);
        t.start();
      }
    } catch (IOException e) {
      if (!stopped) {
        metrics.increment(ShipMetrics.Counter.SOURCE_ERRORS, LABEL);
        LOG.error("TCP syslog receiver on {} failed and stopped: {}", address(), e.toString());
      }
    } finally {
      stop();
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      SyslogFrameReader frames = new SyslogFrameReader(socket.getInputStream());
      LineBuffer line = new LineBuffer(maxLineBytes);
      while (!stopped && frames.next(line)) {
        if (!publisher.publish(line, Checkpoint.progress(LABEL, Instant.now()), null, null)) {
          return;
        }
      }
    } catch (IOException e) {
      if (!stopped) {
        metrics.increment(ShipMetrics.Counter.SOURCE_ERRORS, LABEL);
        LOG.info("TCP syslog connection from {} failed: {}", socket.getRemoteSocketAddress(), e.toString());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      connections.remove(socket);
    }
  }

  @Override
  public void stop() {
    stopped = true;
    closeQuietly(server);
    connections.forEach(SyslogTcpSource::closeQuietly);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      LOG.debug("Closing {} failed", c, e);
    }
  }
}
