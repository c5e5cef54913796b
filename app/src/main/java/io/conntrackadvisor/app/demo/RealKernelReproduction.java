package io.conntrackadvisor.app.demo;

import io.conntrackadvisor.core.proc.NamespaceScanner;
import io.conntrackadvisor.model.NamespaceUsage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The classic incident on this machine's kernel: a throwaway network namespace with conntrack on (an nftables
 * {@code ct state new accept} input rule), the global {@code nf_conntrack_max} lowered to {@link #LIMIT}, and
 * {@link #CONNECTIONS} TCP connections opened inside the namespace, so the kernel really fills the namespace's table,
 * drops the SYNs of the rest and logs {@code table full in netns N}. The demo and the real-kernel integration test
 * both run it.
 *
 * <p>Lowering the limit hurts every namespace that tracks connections, so {@link #problems()} refuses a host whose
 * own namespace (or any other) holds entries. What was changed is undone by {@link #restore()}: called from a
 * finally block, from {@link #close()} and from a shutdown hook, so Ctrl-C restores too. A lock file keeps two
 * reproductions on one host from saving each other's lowered value as "the old one".
 */
public final class RealKernelReproduction implements AutoCloseable {
  /** The limit the reproduction sets, as on the seed incident's host. */
  public static final long LIMIT = 200;
  /** Connections opened: half as many again as the limit, so a third of them must fail. */
  public static final int CONNECTIONS = 300;
  /** The table's global limit. */
  static final Path MAX = Path.of("/proc/sys/net/netfilter/nf_conntrack_max");
  /** Entries of the namespace reading it: here the initial one. */
  static final Path COUNT = Path.of("/proc/sys/net/netfilter/nf_conntrack_count");
  /** Where {@code ip netns add} mounts a namespace. */
  private static final Path NETNS_DIR = Path.of("/run/netns");
  /** Held while a reproduction runs on this host. */
  private static final Path LOCK = Path.of("/run/conntrack-advisor-real-kernel.lock");
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
  /** Opens n connections to a listener of its own (failures after a short timeout), prints "ok failed", holds. */
  private static final String CONNECT = """
      import socket, sys, time
      n, hold = int(sys.argv[1]), float(sys.argv[2])
      srv = socket.socket()
      srv.bind(("127.0.0.1", 0))
      srv.listen(1024)
      ok, failed = [], 0
      for i in range(n):
          c = socket.socket()
          c.settimeout(0.02)
          try:
              c.connect(srv.getsockname())
              ok.append(c)
          except OSError:
              failed += 1
              c.close()
      print(len(ok), failed, flush=True)
      time.sleep(hold)
      """;

  /**
   * The external programs, as names looked up on the PATH or as paths.
   *
   * @param ip      iproute2's {@code ip}
   * @param nft     nftables' {@code nft}
   * @param python3 the interpreter that opens the connections inside the namespace
   */
  public record Tools(String ip, String nft, String python3) {
    /** The programs found on the PATH. */
    public static Tools onPath() {
      return new Tools("ip", "nft", "python3");
    }
  }

  /**
   * What the connection flood achieved.
   *
   * @param connected connections the kernel let through (at most the limit)
   * @param failed    connections whose SYN was dropped because the table was full
   */
  public record Flood(int connected, int failed) {
  }

  private final String namespace;
  private final Tools tools;
  private final Thread guard;
  /** Open (and locked) while this reproduction holds the host-wide lock. */
  private FileChannel lockChannel;
  private boolean hookInstalled;
  private boolean namespaceCreated;
  /** Set by the first restore: from then on nothing may change again (the shutdown hook may have run already). */
  private boolean restored;
  private String oldMax;
  private Process load;

  /** A reproduction that will create the namespace {@code namespace} (nothing is changed before {@link #start()}). */
  public RealKernelReproduction(String namespace, Tools tools) {
    if (!namespace.matches("[a-z0-9][a-z0-9-]{0,30}")) {
      throw new IllegalArgumentException("namespace name must be lower-case letters, digits and dashes: "
          + namespace);
    }
    this.namespace = namespace;
    this.tools = tools;
    this.guard = new Thread(this::restore, "real-kernel-restore");
  }

  /** The network namespace's name ({@code ip netns} name). */
  public String namespace() {
    return namespace;
  }

  /** True when this process runs as root (uid 0). */
  public static boolean runningAsRoot() {
    try {
      return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** The current {@code nf_conntrack_max}, or null when conntrack is not loaded. */
  public static String currentMax() {
    try {
      return sysctl(MAX);
    } catch (IOException e) {
      return null;
    }
  }

  /** What {@link #start()}, {@link #lowerMax()} and {@link #flood(Duration)} will do, in sentences. */
  public String plan() {
    String max = currentMax();
    return String.format(Locale.ROOT, """
        It will, on this machine's kernel:
          - create the network namespace '%s' (ip netns add), bring up its lo and add an nftables rule \
        'ct state new accept' in it, so its connections are tracked;
          - lower net.netfilter.nf_conntrack_max from %s to %d for a few seconds (every namespace shares that limit);
          - open %d TCP connections inside the namespace: %d get through, the rest are dropped and the kernel logs \
        'table full';
          - then put nf_conntrack_max back to %s and delete the namespace, also on Ctrl-C.""", namespace,
        max == null ? "its current value" : max, LIMIT, CONNECTIONS, LIMIT, max == null ? "that value" : max);
  }

  /**
   * Why this host cannot run the reproduction safely, one sentence each; empty when it can. Checks conntrack, the
   * programs, {@code /dev/kmsg}, and that no namespace (the host's own included) tracks connections today.
   */
  public List<String> problems() {
    List<String> out = new ArrayList<>();
    if (!Files.isReadable(COUNT) || currentMax() == null) {
      out.add("the nf_conntrack module is not loaded (no " + COUNT + "); 'modprobe nf_conntrack' loads it");
      return out;
    }
    for (String[] probe : List.of(new String[] {tools.ip(), "netns", "list"}, new String[] {tools.nft(), "--version"},
        new String[] {tools.python3(), "--version"})) {
      if (!runs(probe)) {
        out.add("'" + String.join(" ", probe) + "' does not run: install " + probe[0]);
      }
    }
    if (!Files.isReadable(Path.of("/dev/kmsg"))) {
      out.add("/dev/kmsg is not readable");
    }
    try {
      long own = Long.parseLong(sysctl(COUNT));
      if (own > 0) {
        out.add("the host's own network namespace tracks " + own + " connections: lowering nf_conntrack_max to "
            + LIMIT + " could drop its traffic");
      }
      long max = Long.parseLong(currentMax());
      if (max <= LIMIT) {
        out.add("nf_conntrack_max is already " + max + " (another reproduction running?); it must be above "
            + LIMIT);
      }
      long ownNetns = ((Number) Files.getAttribute(Path.of("/proc/self/ns/net"), "unix:ino")).longValue();
      for (NamespaceUsage u : new NamespaceScanner(Path.of("/proc"), Duration.ZERO, 4).scan(Instant.now())) {
        if (u.netns() != ownNetns && u.count() > 0) {
          out.add("netns " + u.netns() + " (" + u.owner() + ") tracks " + u.count() + " connections: lowering "
              + "nf_conntrack_max to " + LIMIT + " could drop its traffic");
        }
      }
    } catch (IOException | NumberFormatException e) {
      out.add("cannot read the conntrack counts: " + e.getMessage());
    }
    return out;
  }

  /**
   * Takes the host-wide lock, installs the shutdown hook, and creates the namespace with conntrack on.
   *
   * @return the namespace's inode, as the kernel's messages and {@code /proc/<pid>/ns/net} name it
   */
  public synchronized long start() throws IOException, InterruptedException {
    checkNotRestored();
    takeLock();
    Runtime.getRuntime().addShutdownHook(guard);
    hookInstalled = true;
    namespaceCreated = true; // even a half-made namespace is deleted by restore()
    run(tools.ip(), "netns", "add", namespace);
    run(tools.ip(), "-n", namespace, "link", "set", "lo", "up");
    run(tools.ip(), "netns", "exec", namespace, tools.nft(), "add", "table", "inet", "cta");
    run(tools.ip(), "netns", "exec", namespace, tools.nft(), "add", "chain", "inet", "cta", "input",
        "{ type filter hook input priority 0; }");
    run(tools.ip(), "netns", "exec", namespace, tools.nft(), "add", "rule", "inet", "cta", "input", "ct", "state",
        "new", "accept");
    return ((Number) Files.getAttribute(NETNS_DIR.resolve(namespace), "unix:ino")).longValue();
  }

  /** Lowers {@code nf_conntrack_max} to {@link #LIMIT}; returns the value it had (restored later). */
  public synchronized String lowerMax() throws IOException {
    checkNotRestored();
    if (lockChannel == null) {
      throw new IllegalStateException("start() first: the shutdown hook must be in place before the limit changes");
    }
    String current = sysctl(MAX);
    if (Long.parseLong(current) <= LIMIT) {
      throw new IOException("nf_conntrack_max is already " + current + "; refusing to take it as the value to "
          + "restore");
    }
    oldMax = current;
    Files.writeString(MAX, Long.toString(LIMIT));
    return oldMax;
  }

  /**
   * Opens {@link #CONNECTIONS} connections inside the namespace and returns once they were tried; the process keeps
   * the open ones for {@code hold} (or until {@link #restore()}).
   */
  public synchronized Flood flood(Duration hold) throws IOException {
    checkNotRestored();
    load = new ProcessBuilder(tools.ip(), "netns", "exec", namespace, interpreter(tools.python3()), "-c", CONNECT,
        Integer.toString(CONNECTIONS), Long.toString(hold.toSeconds())).redirectErrorStream(true).start();
    BufferedReader r = new BufferedReader(new InputStreamReader(load.getInputStream(), StandardCharsets.US_ASCII));
    String line = r.readLine(); // the python prints one line, then sleeps: do not wait for its end
    String[] parts = line == null ? new String[0] : line.strip().split(" ");
    if (parts.length != 2 || !parts[0].matches("\\d+") || !parts[1].matches("\\d+")) {
      throw new IOException("the connection flood printed '" + line + "' instead of two counts");
    }
    return new Flood(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
  }

  /** The value {@link #lowerMax()} replaced, or null when the limit was not changed. */
  public synchronized String oldMax() {
    return oldMax;
  }

  /**
   * Stops the connections, puts {@code nf_conntrack_max} back and deletes the namespace; safe to call more than
   * once and from the shutdown hook. Afterwards {@link #start()}, {@link #lowerMax()} and {@link #flood(Duration)}
   * refuse: a main thread that goes on after Ctrl-C must not change the limit again behind the hook's back. Failures are printed to stderr with the command that fixes them by hand.
   */
  public synchronized void restore() {
    restored = true;
    if (load != null) {
      load.destroyForcibly();
      try {
        load.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      load = null;
    }
    if (oldMax != null) {
      try {
        Files.writeString(MAX, oldMax); // first: it is the one change that affects the whole host
        oldMax = null;
      } catch (IOException e) {
        System.err.println("could not restore nf_conntrack_max: run 'sysctl -w net.netfilter.nf_conntrack_max="
            + oldMax + "': " + e);
      }
    }
    if (namespaceCreated) {
      try {
        if (Files.exists(NETNS_DIR.resolve(namespace))) {
          run(tools.ip(), "netns", "del", namespace);
        }
        namespaceCreated = false;
      } catch (IOException | InterruptedException e) {
        System.err.println("could not delete the network namespace: run 'ip netns del " + namespace + "': " + e);
      }
    }
    releaseLock();
  }

  /** Restores (see {@link #restore()}) and removes the shutdown hook unless the JVM is already shutting down. */
  @Override
  public void close() {
    restore();
    synchronized (this) {
      if (hookInstalled) {
        try {
          Runtime.getRuntime().removeShutdownHook(guard);
        } catch (IllegalStateException e) {
          // shutting down: the hook runs anyway, and finds nothing left to do
        }
        hookInstalled = false;
      }
    }
  }

  private void checkNotRestored() {
    if (restored) {
      throw new IllegalStateException("the reproduction was stopped and restored already");
    }
  }

  private void takeLock() throws IOException {
    lockChannel = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      lockChannel.close();
      lockChannel = null;
      throw new IOException("another real-kernel reproduction is running on this host (" + LOCK + " is locked)");
    }
  }

  private void releaseLock() {
    try {
      if (lockChannel != null) {
        lockChannel.close(); // releases the lock
      }
    } catch (IOException e) {
      System.err.println("closing " + LOCK + ": " + e);
    }
    lockChannel = null;
  }

  /**
   * A sysctl's value. Read in one call: numeric sysctls answer only a read at offset 0, so Files.readString (which
   * reads one byte first when the size is 0) sees "2" of 262144.
   */
  static String sysctl(Path p) throws IOException {
    try (var in = Files.newInputStream(p)) {
      return new String(in.readNBytes(64), StandardCharsets.US_ASCII).strip();
    }
  }

  /**
   * The interpreter's own path: a wrapper such as a pyenv shim would otherwise be the namespace's process while the
   * scanner looks, and the advice would name "bash" as the owner. The name as given when that cannot be found.
   */
  private static String interpreter(String python3) {
    try {
      Process p = new ProcessBuilder(python3, "-c", "import sys; print(sys.executable)")
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String path = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS) && p.exitValue() == 0
          && path.startsWith("/") ? path : python3;
    } catch (IOException e) {
      return python3;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return python3;
    }
  }

  private static boolean runs(String... argv) {
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      return p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void run(String... argv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", argv) + " failed: " + out.strip());
    }
  }
}
