package dev.dsmq.server;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.dsmq.server.queue.QueueService;
import dev.dsmq.server.queue.TopicDepth;
import dev.dsmq.server.queue.TopicRates;
import dev.dsmq.server.tcp.OpenConnections;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.stereotype.Component;

/**
 * The {@code dsmq} Actuator endpoint: each topic with what it holds, how old its messages are and how fast they come
 * and go, and each open connection.
 * <p>
 * What topics hold is kept in memory; the ages take two steps down the store's index per topic, under the store's
 * lock for one topic at a time. Nothing here scans the messages.
 */
@Component
@Endpoint(id = "dsmq")
public class DsmqEndpoint {

	private final QueueService queue;

	private final OpenConnections connections;

	private final Clock clock;

	DsmqEndpoint(QueueService queue, OpenConnections connections, Clock clock) {
		this.queue = queue;
		this.connections = connections;
		this.clock = clock;
	}

	@ReadOperation
	public Summary summary() {
		Map<String, TopicSummary> topics = new TreeMap<>();
		long now = this.clock.millis();
		for (TopicDepth depth : this.queue.topicDepths()) {
			TopicRates.Rate rate = depth.rate();
			topics.put(depth.name(), new TopicSummary(depth.name(), depth.messages(), depth.bytes(),
					ageSeconds(now, depth.oldestCreatedAt()), ageSeconds(now, depth.newestCreatedAt()),
					round(rate.putsPerSecond()), round(rate.getsPerSecond())));
		}
		List<OpenConnections.Connection> open = new ArrayList<>(this.connections.connections());
		open.sort((a, b) -> a.openedAt().compareTo(b.openedAt()));
		List<ConnectionSummary> connections = open.stream()
			.map((connection) -> new ConnectionSummary(connection.peer(), connection.openedAt().toString(),
					connection.requestsServed()))
			.toList();
		long messages = topics.values().stream().mapToLong(TopicSummary::messages).sum();
		long bytes = topics.values().stream().mapToLong(TopicSummary::bytes).sum();
		return new Summary(connections.size(), topics.size(), messages, bytes,
				TopicRates.WINDOW.toSeconds(), List.copyOf(topics.values()), connections);
	}

	private static double ageSeconds(long now, long createdAt) {
		return Math.max(0, now - createdAt) / 1000.0;
	}

	private static double round(double perSecond) {
		return Math.round(perSecond * 1000) / 1000.0;
	}

	/**
	 * The endpoint's answer.
	 * @param connectionsOpen the connections being served
	 * @param topicsListed the topics listed
	 * @param messagesHeld the messages held in the topics listed
	 * @param bytesHeld the bytes of those messages
	 * @param rateWindowSeconds the span the rates are taken over, give or take the five seconds between samples
	 * @param topics the topics that hold messages, by name
	 * @param connections the connections being served, oldest first
	 */
	public record Summary(int connectionsOpen, int topicsListed, long messagesHeld, long bytesHeld,
			long rateWindowSeconds, List<TopicSummary> topics, List<ConnectionSummary> connections) {
	}

	/**
	 * One topic.
	 * @param name the topic
	 * @param messages the messages it holds
	 * @param bytes the bytes of those messages
	 * @param oldestAgeSeconds seconds since its oldest message was put, to the millisecond; null if it holds none
	 * @param newestAgeSeconds seconds since its newest message was put; null if it holds none
	 * @param putsPerSecond messages stored per second over the rate window
	 * @param getsPerSecond messages delivered to readers per second over the rate window
	 */
	public record TopicSummary(String name, long messages, long bytes, @Nullable Double oldestAgeSeconds,
			@Nullable Double newestAgeSeconds, double putsPerSecond, double getsPerSecond) {
	}

	/**
	 * One connection.
	 * @param peer the peer's address and port
	 * @param openedAt when the server accepted it, an ISO-8601 instant
	 * @param requestsServed the well-formed requests it has sent that the server acted on
	 */
	public record ConnectionSummary(String peer, String openedAt, long requestsServed) {
	}

}
