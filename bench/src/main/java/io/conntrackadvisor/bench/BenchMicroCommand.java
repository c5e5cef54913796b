package io.conntrackadvisor.bench;

import io.conntrackadvisor.bench.micro.MicroStates;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench-micro}: the JMH micro-benchmarks of {@code io.conntrackadvisor.bench.micro}, each beside its
 * reference in the same run (the host-state codec against Jackson's Smile, CBOR and JSON; the line parser against
 * {@code indexOf}), in forked JVMs, then one table of the means.
 */
@Command(name = "bench-micro", mixinStandardHelpOptions = true,
    description = "JMH micro-benchmarks, each beside its reference (BENCHMARKS.md).")
final class BenchMicroCommand implements Callable<Integer> {
  @Option(names = "--include", paramLabel = "REGEX",
      description = "Benchmarks to run, a regular expression over their names (default: all).")
  String include = "io\\.conntrackadvisor\\.bench\\.micro\\..*";

  @Option(names = "--quick", description = "One short iteration each: checks that they run, measures nothing.")
  boolean quick;

  @Override
  public Integer call() throws Exception {
    MicroStates.printSizes(System.out);
    Collection<RunResult> results = new Runner(options().build()).run();
    System.out.println();
    System.out.println("| benchmark | parameters | ns/op | error (99.9 %) |");
    System.out.println("|---|---|---|---|");
    for (RunResult r : results) {
      var p = r.getParams();
      StringBuilder params = new StringBuilder();
      for (String k : p.getParamsKeys()) {
        params.append(params.length() == 0 ? "" : ", ").append(k).append('=').append(p.getParam(k));
      }
      var s = r.getPrimaryResult();
      System.out.printf(Locale.ROOT, "| %s | %s | %.1f | %.1f |%n",
          p.getBenchmark().replace("io.conntrackadvisor.bench.micro.", ""), params, s.getScore(), s.getScoreError());
    }
    return 0;
  }

  private ChainedOptionsBuilder options() throws RunnerException {
    ChainedOptionsBuilder o = new OptionsBuilder().include(include).forks(1).shouldFailOnError(true);
    if (quick) {
      return o.warmupIterations(0).measurementIterations(1).measurementTime(TimeValue.milliseconds(100));
    }
    return o.warmupIterations(3).warmupTime(TimeValue.seconds(1)).measurementIterations(5)
        .measurementTime(TimeValue.seconds(1));
  }
}
