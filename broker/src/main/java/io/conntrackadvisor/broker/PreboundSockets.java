package io.conntrackadvisor.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.server.ServerSocketFactory;

/**
 * Listening sockets bound before Kafka starts, handed to Kafka's acceptors by listener name.
 *
 * <p>Binding first gives port 0 a real port with no window in which another process could take it,
 * and lets the config carry that real port (the controller voter address and the advertised listener
 * must be known before the node starts).
 */
final class PreboundSockets implements ServerSocketFactory, AutoCloseable {

    /** Accept queue length, Kafka's default {@code socket.listen.backlog.size}. */
    static final int BACKLOG = 50;

    private final Map<String, ServerSocketChannel> unclaimed = new LinkedHashMap<>();

    /** Binds {@code host:port} (0 = any free port) for the listener and returns the bound port. */
    synchronized int bind(final String listenerName, final String host, final int port) {
        try {
            final ServerSocketChannel channel = ServerSocketChannel.open();
            try {
                // Lets a restarted broker take its port back while old connections sit in TIME_WAIT.
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                channel.bind(new InetSocketAddress(host, port), BACKLOG);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            unclaimed.put(listenerName, channel);
            return channel.socket().getLocalPort();
        } catch (BindException e) {
            throw new IllegalStateException("Cannot bind " + listenerName + " listener to " + host + ":" + port
                    + " (is another broker or process using it?)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the " + listenerName + " listener socket", e);
        }
    }

    @Override
    public synchronized ServerSocketChannel openServerSocket(final String listenerName,
            final InetSocketAddress socketAddress, final int listenBacklogSize, final int recvBufferSize)
            throws IOException {
        final ServerSocketChannel channel = unclaimed.remove(listenerName);
        if (channel == null) {
            return ServerSocketFactory.INSTANCE.openServerSocket(listenerName, socketAddress, listenBacklogSize,
                    recvBufferSize);
        }
        channel.configureBlocking(false);
        if (recvBufferSize != -1) {
            channel.socket().setReceiveBufferSize(recvBufferSize);
        }
        return channel;
    }

    /** Closes the sockets Kafka never claimed, e.g. after a failed start. */
    @Override
    public synchronized void close() {
        for (ServerSocketChannel channel : unclaimed.values()) {
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing useful to do: the socket is being thrown away.
            }
        }
        unclaimed.clear();
    }
}
