/**
 * The agent's inputs, one {@code Source} each on its own thread: {@code JournaldSource}, {@code KmsgSource},
 * {@code FileTailSource}, {@code SyslogUdpSource}, {@code SyslogTcpSource} and the {@code ConntrackSampler}. Every
 * raw kernel line becomes a record in one place, {@code LineToRecord} (size limit, UTF-8 repair, the kernel-only
 * filter and their counters).
 */
package io.conntrackadvisor.ingest.source;
