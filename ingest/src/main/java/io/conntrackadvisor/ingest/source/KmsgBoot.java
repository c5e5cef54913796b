package io.conntrackadvisor.ingest.source;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The boot a {@code /dev/kmsg} record belongs to: its id ({@code sys/kernel/random/boot_id}, new at every boot, so
 * sequence numbers compare only within one id) and its start, now minus {@code uptime}, which anchors the records'
 * monotonic microseconds. Read from the proc root, so an agent in a container sees the host's.
 *
 * @param id   the boot id
 * @param time when the kernel started, to within the 10 ms resolution of {@code uptime}
 */
public record KmsgBoot(String id, Instant time) {
  public static final String BOOT_ID = "sys/kernel/random/boot_id";
  static final String UPTIME = "uptime";

  /** Reads the current boot of {@code procRoot}. */
  static KmsgBoot read(Path procRoot) throws IOException {
    String id = Files.readString(procRoot.resolve(BOOT_ID), StandardCharsets.US_ASCII).strip();
    if (id.isEmpty() || id.indexOf(':') >= 0) {
      throw new IOException("unusable boot id in " + procRoot.resolve(BOOT_ID) + ": '" + id + "'");
    }
    String uptime = Files.readString(procRoot.resolve(UPTIME), StandardCharsets.US_ASCII).strip();
    Instant now = Instant.now();
    try {
      String seconds = uptime.split("\\s+", 2)[0];
      long nanos = new BigDecimal(seconds).movePointRight(9).longValueExact();
      return new KmsgBoot(id, now.minusNanos(nanos));
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IOException("unusable " + procRoot.resolve(UPTIME) + ": '" + uptime + "'", e);
    }
  }
}
