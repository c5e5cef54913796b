package io.conntrackadvisor.broker;

import java.nio.file.Path;
import java.util.Map;

/** Test-only entry point that runs {@link BrokerRunner} in a child JVM: {@code PORT DATA_DIR}. */
public final class BrokerRunnerLauncher {

    private BrokerRunnerLauncher() {
    }

    public static void main(final String[] args) throws InterruptedException {
        new BrokerRunner().run(Integer.parseInt(args[0]), Path.of(args[1]), Map.of(), System.out);
    }
}
