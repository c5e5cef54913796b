package io.conntrackadvisor.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends the bench's lines as syslog messages ({@code <4>} = kern.warning, then the line as rsyslog writes it): over
 * UDP at a fixed rate, one datagram per line, or over TCP, newline-framed, as fast as the receiver takes them.
 */
final class SyslogSender {
  private SyslogSender() {
  }

  /** One message, without a frame. */
  static byte[] message(BenchLines.Line line) {
    return ("<4>" + line.fileForm()).getBytes(StandardCharsets.UTF_8);
  }

  /** Sends every line to {@code port} on loopback, {@code perSecond} datagrams a second in 1 ms slices. */
  static void udp(BenchLines lines, int port, int perSecond) throws IOException {
    InetSocketAddress to = new InetSocketAddress("127.0.0.1", port);
    try (DatagramChannel ch = DatagramChannel.open()) {
      long start = System.nanoTime();
      for (int i = 0; i < lines.size(); i++) {
        long due = start + i * 1_000_000_000L / perSecond;
        long wait = due - System.nanoTime();
        if (wait > 1_000_000L) {
          LockSupport.parkNanos(wait);
        }
        ch.send(ByteBuffer.wrap(message(lines.line(i))), to);
      }
    }
  }

  /** Sends every line over one TCP connection to {@code port} on loopback, each followed by a newline. */
  static void tcp(BenchLines lines, int port) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      OutputStream out = new java.io.BufferedOutputStream(s.getOutputStream(), 64 * 1024);
      for (int i = 0; i < lines.size(); i++) {
        out.write(message(lines.line(i)));
        out.write('\n');
      }
      out.flush();
    }
  }
}
