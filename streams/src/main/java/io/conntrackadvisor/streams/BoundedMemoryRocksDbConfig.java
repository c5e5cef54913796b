package io.conntrackadvisor.streams;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the memory of every RocksDB store of the process together: one LRU block cache of
 * {@link StreamsSettings#ROCKSDB_MEMORY} bytes, shared by all stores, with the memtables charged to it through one
 * write buffer manager ({@link StreamsSettings#ROCKSDB_WRITE_BUFFER_RATIO} of it), and index and filter blocks
 * kept inside the cache instead of beside it. Without this each store instance (one per store and task) takes its
 * own 50 MB cache and memtables, which grows with the number of partitions. The cache is created on first use and
 * lives as long as the JVM.
 */
public final class BoundedMemoryRocksDbConfig implements RocksDBConfigSetter {
  /** Streams config key of the total bytes (set by {@link StreamsApp} from {@link StreamsSettings}). */
  public static final String TOTAL_BYTES_CONFIG = "conntrack.advisor.rocksdb.total.bytes";
  /** Streams config key of the write buffer share. */
  public static final String WRITE_BUFFER_RATIO_CONFIG = "conntrack.advisor.rocksdb.write.buffer.ratio";

  private static final Logger LOG = LoggerFactory.getLogger(BoundedMemoryRocksDbConfig.class);
  private static final long DEFAULT_TOTAL_BYTES = 256L << 20;
  private static final double DEFAULT_WRITE_BUFFER_RATIO = 0.5;
  /** Share of the cache reserved for index and filter blocks (high priority). */
  private static final double INDEX_FILTER_RATIO = 0.1;
  private static final long MAX_MEMTABLE_BYTES = 16L << 20;

  /** One bound per configuration: a process runs one application, so in practice there is one. */
  private static final Map<Bound, Shared> SHARED = new ConcurrentHashMap<>();

  /** A configured bound. */
  record Bound(long totalBytes, double writeBufferRatio) {
  }

  /** The cache and write buffer manager every store with the same bound shares. */
  record Shared(Cache cache, WriteBufferManager writeBuffers) {
  }

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    Bound bound = new Bound(bytes(configs.get(TOTAL_BYTES_CONFIG)), ratio(configs.get(WRITE_BUFFER_RATIO_CONFIG)));
    Shared s = shared(bound);
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(s.cache());
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setWriteBufferManager(s.writeBuffers());
    options.setMaxWriteBufferNumber(2);
    options.setWriteBufferSize(memtableBytes(bound));
    options.setTableFormatConfig(table);
  }

  @Override
  public void close(String storeName, Options options) {
    // The cache and the write buffer manager are shared by every store: they must outlive each one.
  }

  /** Size of one memtable: a quarter of the write buffer share, between 1 MiB and 16 MiB. */
  static long memtableBytes(Bound bound) {
    long share = (long) (bound.totalBytes() * bound.writeBufferRatio());
    return Math.min(MAX_MEMTABLE_BYTES, Math.max(1L << 20, share / 4));
  }

  /** The cache and write buffer manager of a bound, created on first use. */
  static Shared shared(Bound bound) {
    return SHARED.computeIfAbsent(bound, b -> {
      Cache cache = new LRUCache(b.totalBytes(), -1, false, INDEX_FILTER_RATIO);
      LOG.info("RocksDB memory of all stores bounded to {} bytes ({} % write buffers)", b.totalBytes(),
          Math.round(b.writeBufferRatio() * 100));
      return new Shared(cache, new WriteBufferManager((long) (b.totalBytes() * b.writeBufferRatio()), cache));
    });
  }

  private static long bytes(Object v) {
    return v == null ? DEFAULT_TOTAL_BYTES : Long.parseLong(v.toString().trim());
  }

  private static double ratio(Object v) {
    double r = v == null ? DEFAULT_WRITE_BUFFER_RATIO : Double.parseDouble(v.toString().trim());
    if (!(r > 0 && r < 1)) {
      throw new IllegalArgumentException(
          StreamsSettings.ROCKSDB_WRITE_BUFFER_RATIO + " must be between 0 and 1, got " + r);
    }
    return r;
  }
}
