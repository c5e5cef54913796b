/**
 * The {@code sink} command: reads recommendations and findings from Kafka and puts them where operators work.
 *
 * <p>Data flow: {@link io.conntrackadvisor.sink.SinkApp} polls; {@code BatchProcessor} hands each record to
 * {@code RecordHandler}, which decodes it (malformed bytes to {@code DeadLetters}), checks it
 * ({@code HostNames}, {@code RecommendationValidator}) and feeds {@code Outputs}, which hand the checked record
 * to the outputs switched on, one package each: {@link io.conntrackadvisor.sink.dropin} (sysctl and modprobe
 * drop-in files), {@code JsonLinesOutput} (standard output), {@link io.conntrackadvisor.sink.report} (the report
 * page and the live dashboard) and {@link io.conntrackadvisor.sink.webhook} (webhooks and Alertmanager). Offsets
 * are committed after the outputs flushed. Nothing here trusts a host name or a ready-made file text from the
 * network.
 */
package io.conntrackadvisor.sink;
