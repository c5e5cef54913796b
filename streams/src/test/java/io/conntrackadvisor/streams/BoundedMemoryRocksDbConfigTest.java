package io.conntrackadvisor.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class BoundedMemoryRocksDbConfigTest {
  static {
    RocksDB.loadLibrary();
  }

  /** Options as Kafka Streams hands them to the setter: with a block-based table config. */
  private static Options streamsOptions() {
    return new Options().setTableFormatConfig(new BlockBasedTableConfig());
  }

  @Test
  void shouldShareOneCacheAndWriteBufferManagerBetweenStores() {
    Map<String, Object> configs = Map.of(BoundedMemoryRocksDbConfig.TOTAL_BYTES_CONFIG, Long.toString(24L << 20),
        BoundedMemoryRocksDbConfig.WRITE_BUFFER_RATIO_CONFIG, "0.5");
    BoundedMemoryRocksDbConfig setter = new BoundedMemoryRocksDbConfig();
    try (Options a = streamsOptions(); Options b = streamsOptions()) {
      setter.setConfig("host-state", a, configs);
      setter.setConfig("host-index", b, configs);

      BoundedMemoryRocksDbConfig.Bound bound = new BoundedMemoryRocksDbConfig.Bound(24L << 20, 0.5);
      assertThat(BoundedMemoryRocksDbConfig.shared(bound)).isSameAs(BoundedMemoryRocksDbConfig.shared(bound));
      // a quarter of the 12 MiB write buffer share, two memtables per store
      assertThat(a.writeBufferSize()).isEqualTo(3L << 20);
      assertThat(b.maxWriteBufferNumber()).isEqualTo(2);
    }
  }

  @Test
  void shouldRejectAWriteBufferShareOutsideZeroToOne() {
    try (Options o = streamsOptions()) {
      assertThatThrownBy(() -> new BoundedMemoryRocksDbConfig().setConfig("s", o,
          Map.of(BoundedMemoryRocksDbConfig.WRITE_BUFFER_RATIO_CONFIG, "1.5")))
          .hasMessageContaining("rocksdb.write.buffer.ratio");
    }
  }
}
