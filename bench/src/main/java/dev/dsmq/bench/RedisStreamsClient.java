package dev.dsmq.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The same work on Redis Streams: {@code XADD} to put; each reader keeps its own cursor, starting at "now", and
 * reads one entry per call with {@code XREAD COUNT 1}, without blocking.
 */
final class RedisStreamsClient implements QueueClient {

	private static final XReadParams ONE = XReadParams.xReadParams().count(1);

	private final RedisStreamWriter writer;

	private final Jedis jedis;

	private final Map<String, StreamEntryID> cursors = new HashMap<>();

	RedisStreamsClient(int port) {
		this.writer = new RedisStreamWriter(port);
		this.jedis = this.writer.jedis();
	}

	/**
	 * Start reading a topic from its newest entry, as a dsmq connection does from the moment it connects.
	 */
	@Override
	public void subscribe(String topic) {
		List<StreamEntry> newest = this.jedis.xrevrange(topic, "+", "-", 1);
		this.cursors.put(topic, newest.isEmpty() ? new StreamEntryID(0, 0) : newest.get(0).getID());
	}

	@Override
	public void put(String topic, String message, boolean flush) {
		this.writer.put(topic, message, flush);
	}

	@Override
	public String get(String topic) {
		StreamEntryID cursor = this.cursors.computeIfAbsent(topic, (t) -> new StreamEntryID(0, 0));
		List<Map.Entry<String, List<StreamEntry>>> read = this.jedis.xread(ONE, Map.of(topic, cursor));
		if (read == null || read.isEmpty() || read.get(0).getValue().isEmpty()) {
			return "";
		}
		StreamEntry entry = read.get(0).getValue().get(0);
		this.cursors.put(topic, entry.getID());
		return entry.getFields().get("m");
	}

	@Override
	public String confirmPuts(String topic) {
		this.writer.sync();
		List<StreamEntry> newest = this.jedis.xrevrange(topic, "+", "-", 1);
		return newest.isEmpty() ? "" : newest.get(0).getFields().get("m");
	}

	@Override
	public void close() {
		this.writer.close();
	}

}
