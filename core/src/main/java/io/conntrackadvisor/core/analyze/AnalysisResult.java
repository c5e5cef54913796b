package io.conntrackadvisor.core.analyze;

import io.conntrackadvisor.model.Finding;
import io.conntrackadvisor.model.Recommendation;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The outcome of an offline analysis.
 *
 * @param findings        every finding, ordered by time
 * @param recommendations one per host that deserves one, ordered by time
 * @param adviceSince     per host with a recommendation, the event time since which its advice stands: when the
 *                        Streams application, fed the same records, would have published it
 * @param stats           what was read and skipped
 */
public record AnalysisResult(List<Finding> findings, List<Recommendation> recommendations,
    Map<String, Instant> adviceSince, ScanStats stats) {
}
