package io.conntrackadvisor.ingest.source;

import io.conntrackadvisor.ingest.ShipMetrics;
import io.conntrackadvisor.ingest.delivery.Checkpoint;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives syslog over UDP, one message per datagram (RFC 3164 or 5424). UDP cannot push back: when the buffer is
 * full a datagram is dropped and counted rather than left to overflow the socket unseen.
 */
public final class SyslogUdpSource implements Source {
  /** Metrics label and {@code KernelMessage.source} of this source. */
  public static final String LABEL = "syslog-udp";
  private static final Logger LOG = LoggerFactory.getLogger(SyslogUdpSource.class);
  /** How long a datagram may wait for room in a full buffer before it is dropped. */
  private static final Duration OFFER_WAIT = Duration.ofMillis(100);
  private static final int MAX_DATAGRAM = 65_535;
  private static final int RECEIVE_BUFFER = 1024 * 1024;

  private final DatagramSocket socket;
  private final LinePublisher publisher;
  private final ShipMetrics metrics;
  private final int maxLineBytes;
  private volatile boolean stopped;

  /** Binds the socket at once, so that a taken port fails the agent's start. */
  public SyslogUdpSource(InetSocketAddress address, int maxLineBytes, LinePublisher publisher, ShipMetrics metrics)
      throws IOException {
    DatagramSocket s = new DatagramSocket(null);
    try {
      s.setReuseAddress(true);
      s.setReceiveBufferSize(RECEIVE_BUFFER);
      s.bind(address);
    } catch (IOException e) {
      s.close();
      throw new IOException("cannot bind the UDP syslog receiver to " + address + ": " + e.getMessage(), e);
    }
    this.socket = s;
    this.publisher = publisher;
    this.metrics = metrics;
    this.maxLineBytes = maxLineBytes;
  }

  /** The bound address (the real port when 0 was configured). */
  public InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  @Override
  public String id() {
    return LABEL;
  }

  @Override
  public void run(Checkpoint resume) throws InterruptedException {
    byte[] buf = new byte[MAX_DATAGRAM];
    DatagramPacket packet = new DatagramPacket(buf, buf.length);
    LineBuffer line = new LineBuffer(maxLineBytes);
    try {
      while (!stopped) {
        packet.setData(buf);
        socket.receive(packet);
        line.clear();
        line.append(packet.getData(), packet.getOffset(), packet.getLength());
        if (!publisher.publish(line, Checkpoint.progress(LABEL, Instant.now()), OFFER_WAIT, null)) {
          return;
        }
      }
    } catch (IOException e) {
      if (!stopped) {
        metrics.increment(ShipMetrics.Counter.SOURCE_ERRORS, LABEL);
        LOG.error("UDP syslog receiver on {} failed and stopped: {}", address(), e.toString());
      }
    } finally {
      socket.close();
    }
  }

  @Override
  public void stop() {
    stopped = true;
    socket.close();
  }
}
