package dev.dsmq.server.tcp;

import java.net.InetAddress;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.dsmq.server.protocol.ClientText;
import dev.dsmq.server.protocol.Generation;
import dev.dsmq.server.protocol.RejectReason;
import dev.dsmq.server.protocol.Reply;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.annotation.Scheduled;

/**
 * Counts and logs what connections did wrong, and refuses connections. Every refusal is counted in
 * {@code dsmq.requests.rejected}, tagged by reason. The log is kept short whatever clients send: the first refusal of
 * a kind from a peer address in a minute is logged at WARN, its reason escaped and cut short; the rest are counted
 * and summarised once a minute.
 */
final class Refusals {

	private static final Log logger = LogFactory.getLog(Refusals.class);

	/** Most peer addresses and reasons told apart in one minute; refusals beyond them are summarised together. */
	static final int MAX_TRACKED = 10_000;

	/** Most summary lines logged in one minute. */
	private static final int MAX_SUMMARY_LINES = 20;

	/** By reason, then by generation's ordinal, the last for connections of no known generation. */
	private final Map<RejectReason, Counter[]> counters = new EnumMap<>(RejectReason.class);

	/** Refusals not logged since the last summary, by peer address and reason. */
	private final Map<Source, AtomicLong> unlogged = new ConcurrentHashMap<>();

	private final AtomicLong untracked = new AtomicLong();

	Refusals(MeterRegistry registry) {
		Generation[] generations = Generation.values();
		for (RejectReason reason : RejectReason.values()) {
			Counter[] byGeneration = new Counter[generations.length + 1];
			for (int i = 0; i <= generations.length; i++) {
				byGeneration[i] = Counter.builder("dsmq.requests.rejected")
					.description("Requests refused because of bad input or policy, by reason and generation")
					.tag("reason", reason.tag())
					.tag("generation", Generation.tagOf((i < generations.length) ? generations[i] : null))
					.register(registry);
			}
			this.counters.put(reason, byGeneration);
		}
	}

	/**
	 * Answer a connection with an error frame, which closes it; count and log the reason.
	 */
	void refuse(Connection connection, RejectReason reason, String detail) {
		reject(connection, reason, detail);
		connection.write(Reply.fatal(reason, detail));
	}

	/**
	 * Count and log a reason that is answered elsewhere, or cannot be, in the generation of the connection's codec.
	 */
	void reject(Connection connection, RejectReason reason, String detail) {
		reject(connection, connection.generation(), reason, detail);
	}

	/**
	 * Count and log a reason that is answered elsewhere, or cannot be, in the given generation: that of a connection
	 * whose first bytes told it before the connection had a codec, such as a WebSocket upgrade refused.
	 * @param generation the generation, null if the connection's first bytes told none
	 */
	void reject(Connection connection, @Nullable Generation generation, RejectReason reason, String detail) {
		Counter[] byGeneration = this.counters.get(reason);
		byGeneration[(generation != null) ? generation.ordinal() : byGeneration.length - 1].increment();
		Source source = new Source(connection.peerAddress(), reason);
		AtomicLong count = this.unlogged.get(source);
		if (count == null) {
			if (this.unlogged.size() >= MAX_TRACKED) {
				this.untracked.incrementAndGet();
				return;
			}
			count = this.unlogged.putIfAbsent(source, new AtomicLong());
			if (count == null) {
				if (logger.isWarnEnabled()) {
					logger.warn("Rejected request from " + connection.peer() + ": " + ClientText.forLog(detail));
				}
				return;
			}
		}
		// a count taken just before a summary clears the map is lost to the next summary, which is fine for a log
		count.incrementAndGet();
		if (logger.isDebugEnabled()) {
			logger.debug("Rejected request from " + connection.peer() + ": " + ClientText.forLog(detail));
		}
	}

	/**
	 * Log how many refusals went unlogged in the last minute, and log the next of each kind again.
	 */
	@Scheduled(fixedRate = 60_000, initialDelay = 60_000)
	void summarise() {
		List<Map.Entry<Source, AtomicLong>> counted = this.unlogged.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().get() > 0)
			.sorted((a, b) -> Long.compare(b.getValue().get(), a.getValue().get()))
			.toList();
		this.unlogged.clear();
		long untracked = this.untracked.getAndSet(0);
		if (!logger.isWarnEnabled()) {
			return;
		}
		for (Map.Entry<Source, AtomicLong> entry : counted.subList(0, Math.min(MAX_SUMMARY_LINES, counted.size()))) {
			Source source = entry.getKey();
			logger.warn("Rejected " + entry.getValue().get() + " more requests from " + source.address().getHostAddress()
					+ " (" + source.reason().tag() + ") in the last minute without logging them");
		}
		long rest = counted.stream().skip(MAX_SUMMARY_LINES).mapToLong((entry) -> entry.getValue().get()).sum()
				+ untracked;
		if (rest > 0) {
			logger.warn("Rejected " + rest + " more requests from other peers in the last minute without logging them");
		}
	}

	/**
	 * Who was refused, and why.
	 */
	private record Source(InetAddress address, RejectReason reason) {
	}

}
