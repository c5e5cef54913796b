/**
 * The {@code sink} command: reads recommendations and findings from Kafka and puts them where operators work.
 *
 * <p>Data flow: {@link io.conntrackadvisor.sink.SinkApp} polls; {@code BatchProcessor} hands each record to
 * {@code RecordHandler}, which decodes it (malformed bytes to {@code DeadLetters}), checks it
 * ({@code HostNames}, {@code RecommendationValidator}) and feeds {@code Outputs}, which hand the checked record
 * to the outputs switched on, one package each:
 * <ul>
 *   <li>{@link io.conntrackadvisor.sink.dropin}: {@code OUT/<host>/90-conntrack-advisor.conf} and the modprobe
 *       file, rendered from the checked numbers;</li>
 *   <li>{@code JsonLinesOutput}: standard output;</li>
 *   <li>{@link io.conntrackadvisor.sink.report}: per host a bounded history of samples, bursts and drops
 *       ({@code HostHistory}, kept across restarts), rendered as one self-contained page ({@code ReportPage},
 *       {@code SvgChart}) that is both the static {@code OUT/index.html} and the live dashboard of
 *       {@code sink --http-port} ({@code Dashboard}, {@code LiveFleet});</li>
 *   <li>{@link io.conntrackadvisor.sink.webhook}: generic, Slack and Alertmanager shapes ({@code WebhookFormat},
 *       {@code WebhookPayloads}) posted with bounded retries ({@code WebhookSender}); what was delivered per host
 *       is kept so that a restart neither repeats nor loses a notification ({@code WebhookOutput}), and
 *       Alertmanager's alerts are re-sent while the advice stands ({@code AlertmanagerOutput}).</li>
 * </ul>
 * Offsets are committed after the outputs flushed. Nothing here trusts a host name or a ready-made file text from
 * the network.
 */
package io.conntrackadvisor.sink;
