package dev.dsmq.server.tcp;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.dsmq.server.protocol.Action;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The meters of the protocol port, registered once and kept in fields: a request costs a few increments, never a
 * registry lookup or a list of tags. Timers keep no histogram unless configured to
 * ({@code management.metrics.distribution.percentiles-histogram.dsmq.requests=true}).
 */
final class RequestMeters {

	/** The actions that read a message, each counted by result and timed. */
	static final List<Action> READS = List.of(Action.GET, Action.GET_LATEST, Action.POP, Action.PEEK);

	private final Counter messagesPut;

	private final Counter bytesReceived;

	private final Counter bytesSent;

	/** Requests refused because the store could not be reached: each message of a put, each other request. */
	private final Counter storeUnavailable;

	/** By action, then hit (0) or empty (1); null for actions that do not read. */
	private final Counter[][] reads = new Counter[Action.values().length][];

	/** By action; null for actions that are not timed. */
	private final Timer[] requests = new Timer[Action.values().length];

	/** By action; null for actions that do not read. */
	private final Timer[] waited = new Timer[Action.values().length];

	RequestMeters(MeterRegistry registry) {
		this.messagesPut = Counter.builder("dsmq.messages.put")
			.description("Messages stored by put")
			.register(registry);
		this.bytesReceived = Counter.builder("dsmq.bytes.received")
			.description("Bytes received on the protocol port, as read from the connections")
			.baseUnit("bytes")
			.register(registry);
		this.bytesSent = Counter.builder("dsmq.bytes.sent")
			.description("Bytes written on the protocol port, framing included")
			.baseUnit("bytes")
			.register(registry);
		this.storeUnavailable = Counter.builder("dsmq.requests.store-unavailable")
			.description("Requests refused because the store could not be reached: each message of a put, each "
					+ "other request")
			.register(registry);
		this.requests[Action.PUT.ordinal()] = requestTimer(registry, Action.PUT);
		for (Action action : READS) {
			this.requests[action.ordinal()] = requestTimer(registry, action);
			this.reads[action.ordinal()] = new Counter[] { readCounter(registry, action, "hit"),
					readCounter(registry, action, "empty") };
			this.waited[action.ordinal()] = Timer.builder("dsmq.reads.waited")
				.description("Reads that waited for a message (the wait extension), from the frame being handed on "
						+ "to the end of the wait")
				.tag("action", action.wireName())
				.register(registry);
		}
	}

	private static Timer requestTimer(MeterRegistry registry, Action action) {
		return Timer.builder("dsmq.requests")
			.description("Requests from the frame being handed on to the reply being written, or for a put to the "
					+ "message being stored; reads that waited are timed in dsmq.reads.waited instead")
			.tag("action", action.wireName())
			.register(registry);
	}

	private static Counter readCounter(MeterRegistry registry, Action action, String result) {
		return Counter.builder("dsmq.reads")
			.description("Reads by result: a message (hit) or none (empty)")
			.tag("action", action.wireName())
			.tag("result", result)
			.register(registry);
	}

	/**
	 * Count bytes read from a connection.
	 */
	void received(int bytes) {
		this.bytesReceived.increment(bytes);
	}

	/**
	 * Count and time puts just stored.
	 * @param sinceNanos when their frames were handed on
	 */
	void stored(int puts, long sinceNanos) {
		if (puts == 0) {
			return;
		}
		long nanos = System.nanoTime() - sinceNanos;
		this.messagesPut.increment(puts);
		Timer timer = this.requests[Action.PUT.ordinal()];
		for (int i = 0; i < puts; i++) {
			timer.record(nanos, TimeUnit.NANOSECONDS);
		}
	}

	/**
	 * Count requests, or messages of a put, refused because the store could not be reached.
	 */
	void storeUnavailable(int refused) {
		this.storeUnavailable.increment(refused);
	}

	/**
	 * Count a read by its result.
	 */
	void read(Action action, boolean hit) {
		this.reads[action.ordinal()][hit ? 0 : 1].increment();
	}

	void replied(Action action, int count, long nanos) {
		Timer timer = this.requests[action.ordinal()];
		for (int i = 0; i < count; i++) {
			timer.record(nanos, TimeUnit.NANOSECONDS);
		}
	}

	void waited(Action action, long nanos) {
		this.waited[action.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
	}

	void sent(int bytes) {
		this.bytesSent.increment(bytes);
	}

}
