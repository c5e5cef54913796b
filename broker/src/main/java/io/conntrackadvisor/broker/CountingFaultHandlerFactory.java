package io.conntrackadvisor.broker;

import java.util.concurrent.atomic.AtomicLong;
import kafka.server.FaultHandlerFactory;
import org.apache.kafka.server.fault.FaultHandler;
import org.apache.kafka.server.fault.LoggingFaultHandler;
import org.apache.kafka.server.fault.ProcessTerminatingFaultHandler;

/**
 * Kafka's fault handlers, counted. Faults Kafka calls fatal halt the JVM only when asked to, as a
 * standalone broker process does; an embedded broker must not kill the test JVM that hosts it.
 */
final class CountingFaultHandlerFactory implements FaultHandlerFactory {

    private final boolean haltOnFatalFault;
    private final AtomicLong faults = new AtomicLong();

    CountingFaultHandlerFactory(final boolean haltOnFatalFault) {
        this.haltOnFatalFault = haltOnFatalFault;
    }

    @Override
    public FaultHandler build(final String name, final boolean fatal, final Runnable action) {
        final FaultHandler delegate = fatal && haltOnFatalFault
                ? new ProcessTerminatingFaultHandler.Builder().setAction(action).build()
                : new LoggingFaultHandler(name, action);
        return (failureMessage, cause) -> {
            faults.incrementAndGet();
            return delegate.handleFault(failureMessage, cause);
        };
    }

    /** Faults reported by the node since this factory was created, fatal or not. */
    long faults() {
        return faults.get();
    }
}
