package dev.dsmq.bench;

import java.util.Map;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.StreamEntryID;

/**
 * One connection to Redis and its puts to a stream: {@code XADD} at once, or pipelined until {@link #sync()}.
 */
final class RedisStreamWriter implements AutoCloseable {

	private final Jedis jedis;

	private Pipeline pipeline;

	RedisStreamWriter(int port) {
		this.jedis = new Jedis("127.0.0.1", port);
		this.jedis.ping();
	}

	Jedis jedis() {
		return this.jedis;
	}

	/** Append an entry; {@code flush} sends it now rather than with the next ones. */
	void put(String topic, String message, boolean flush) {
		if (flush) {
			this.jedis.xadd(topic, StreamEntryID.NEW_ENTRY, Map.of("m", message));
			return;
		}
		if (this.pipeline == null) {
			this.pipeline = this.jedis.pipelined();
		}
		this.pipeline.xadd(topic, StreamEntryID.NEW_ENTRY, Map.of("m", message));
	}

	/** Wait until every pipelined put has been answered. */
	void sync() {
		if (this.pipeline != null) {
			this.pipeline.sync();
			this.pipeline = null;
		}
	}

	@Override
	public void close() {
		this.jedis.close();
	}

}
