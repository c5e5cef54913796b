package io.conntrackadvisor.core.recommend;

/**
 * Tunables of the recommendations.
 *
 * @param profile              timeout profile
 * @param memoryShare          share of RAM the table may use at most (default 0.05)
 * @param bytesPerEntry        memory per entry: the slab object (256 to 304 bytes before extensions) with
 *                             extensions, about 320 bytes
 * @param bytesPerBucket       memory per hash bucket (8 bytes)
 * @param archBits             word size for the classic formula when unknown (64)
 */
public record RecommenderConfig(Profile profile, double memoryShare, long bytesPerEntry, long bytesPerBucket,
    int archBits) {

  /** Defaults with the conservative profile. */
  public static RecommenderConfig defaults() {
    return new RecommenderConfig(Profile.CONSERVATIVE, 0.05, 320, 8, 64);
  }

  /** A copy with another profile. */
  public RecommenderConfig withProfile(Profile p) {
    return new RecommenderConfig(p, memoryShare, bytesPerEntry, bytesPerBucket, archBits);
  }
}
