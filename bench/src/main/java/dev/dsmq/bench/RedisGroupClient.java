package dev.dsmq.bench;

import java.util.List;
import java.util.Map;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The same work on a Redis Streams consumer group: {@code XADD} to put, {@code XREADGROUP COUNT 1 >} to claim, and
 * the {@code XACK} of the claimed entry pipelined with the next {@code XREADGROUP}; {@code NOACK} to pop.
 */
final class RedisGroupClient implements WorkQueueClient {

	private static final XReadGroupParams ONE = XReadGroupParams.xReadGroupParams().count(1);

	private static final XReadGroupParams ONE_UNACKNOWLEDGED = XReadGroupParams.xReadGroupParams().count(1).noAck();

	private final RedisStreamWriter writer;

	private final Jedis jedis;

	private final String consumer;

	private StreamEntryID claimed;

	RedisGroupClient(int port, String consumer) {
		this.writer = new RedisStreamWriter(port);
		this.jedis = this.writer.jedis();
		this.consumer = consumer;
	}

	/**
	 * A Redis group must exist before it is read; from id 0 it takes every entry, as a dsmq group does.
	 */
	@Override
	public void createGroup(String topic, String group) {
		try {
			this.jedis.xgroupCreate(topic, group, new StreamEntryID(0, 0), true);
		}
		catch (JedisDataException ex) {
			if (!ex.getMessage().startsWith("BUSYGROUP")) {
				throw ex;
			}
		}
	}

	@Override
	public void put(String topic, String message, boolean flush) {
		this.writer.put(topic, message, flush);
	}

	@Override
	public void confirmPuts(String topic) {
		this.writer.sync();
	}

	@Override
	public String take(String topic, String group, boolean pop) {
		Map<String, StreamEntryID> next = Map.of(topic, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY);
		List<Map.Entry<String, List<StreamEntry>>> read;
		if (this.claimed != null) {
			Pipeline together = this.jedis.pipelined();
			together.xack(topic, group, this.claimed);
			Response<List<Map.Entry<String, List<StreamEntry>>>> response = together.xreadGroup(group, this.consumer,
					pop ? ONE_UNACKNOWLEDGED : ONE, next);
			together.sync();
			read = response.get();
			this.claimed = null;
		}
		else {
			read = this.jedis.xreadGroup(group, this.consumer, pop ? ONE_UNACKNOWLEDGED : ONE, next);
		}
		if (read == null || read.isEmpty() || read.get(0).getValue().isEmpty()) {
			return null;
		}
		StreamEntry entry = read.get(0).getValue().get(0);
		if (!pop) {
			this.claimed = entry.getID();
		}
		return entry.getFields().get("m");
	}

	@Override
	public void close() {
		this.writer.close();
	}

}
