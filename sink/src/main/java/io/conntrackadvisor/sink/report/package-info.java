/**
 * The report output: per host a bounded history of samples, bursts and drops ({@code HostHistory}, kept across
 * restarts), rendered as one self-contained page ({@code ReportPage}, {@code SvgChart}) that is both the static
 * {@code OUT/index.html} and the live dashboard of {@code sink --http-port} ({@code Dashboard}, {@code LiveFleet}).
 */
package io.conntrackadvisor.sink.report;
