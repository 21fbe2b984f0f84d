package dev.dsmq.server;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.dsmq.server.queue.GroupDepth;
import dev.dsmq.server.queue.MessageQueue;
import dev.dsmq.server.queue.QueueStats;
import dev.dsmq.server.queue.TopicDepth;
import dev.dsmq.server.queue.TopicRates;
import dev.dsmq.server.tcp.OpenConnections;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.stereotype.Component;

/**
 * The {@code dsmq} Actuator endpoint: the totals of what the server holds, one page of topics with what each holds,
 * how old its messages are, how fast they come and go and its work-queue groups, and each open connection.
 * <p>
 * The totals are counters, and so is what each topic holds; a page costs one statement under the store's lock, one
 * step down the index per topic listed, for the age of its oldest message, and two per group, over its rows of
 * messages in flight. Nothing here scans the messages or the topics, so a server holding millions of topics answers
 * as fast as one holding ten.
 */
@Component
@Endpoint(id = "dsmq")
public class DsmqEndpoint {

	/** How many topics a page lists unless asked for another number. */
	static final int DEFAULT_LIMIT = 100;

	/** The most topics one page lists. */
	static final int MAX_LIMIT = 1000;

	/** How many connections an answer lists unless asked for another number; all of them are counted. */
	static final int DEFAULT_CONNECTION_LIMIT = 100;

	private final MessageQueue queue;

	private final OpenConnections connections;

	private final Clock clock;

	DsmqEndpoint(MessageQueue queue, OpenConnections connections, Clock clock) {
		this.queue = queue;
		this.connections = connections;
		this.clock = clock;
	}

	/**
	 * Return the totals, one page of topics, the connections counted by generation and the oldest of them listed.
	 * @param limit the most topics to list, at most {@value #MAX_LIMIT}; {@value #DEFAULT_LIMIT} if not given
	 * @param offset how many topics to pass over, oldest first; 0 if not given
	 * @param connections the most connections to list, oldest first, at most {@value #MAX_LIMIT};
	 * {@value #DEFAULT_CONNECTION_LIMIT} if not given
	 */
	@ReadOperation
	public Summary summary(@Nullable Integer limit, @Nullable Long offset, @Nullable Integer connections) {
		int pageLimit = (limit != null) ? Math.min(limit, MAX_LIMIT) : DEFAULT_LIMIT;
		long pageOffset = (offset != null) ? offset : 0;
		int connectionLimit = (connections != null) ? Math.min(connections, MAX_LIMIT) : DEFAULT_CONNECTION_LIMIT;
		if (pageLimit < 0 || pageOffset < 0 || connectionLimit < 0) {
			throw new InvalidEndpointRequestException("limit, offset and connections must not be negative",
					"limit, offset and connections must not be negative");
		}
		long now = this.clock.millis();
		List<TopicSummary> topics = this.queue.topics(pageOffset, pageLimit)
			.stream()
			.map((depth) -> TopicSummary.of(depth, now))
			.toList();
		List<OpenConnections.Summary> open = new ArrayList<>(this.connections.connections());
		open.sort((a, b) -> a.openedAt().compareTo(b.openedAt()));
		// 10,000 connections listed would be megabytes an answer: they are counted, and the oldest listed
		List<ConnectionSummary> listed = open.stream()
			.limit(connectionLimit)
			.map((connection) -> new ConnectionSummary(connection.peer(), connection.generation(),
					connection.openedAt().toString(), connection.requestsServed(), connection.role(),
					connection.topic()))
			.toList();
		QueueStats stats = this.queue.stats();
		return new Summary(open.size(), stats.topics(), stats.messages(), this.queue.heldBytes(),
				this.queue.groupCount(), TopicRates.WINDOW.toSeconds(), pageOffset, pageLimit, topics,
				this.connections.countsByGeneration(), listed);
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
	 * @param topicsHeld the topics that hold messages, all of them
	 * @param messagesHeld the messages held in all topics
	 * @param bytesHeld the bytes held in all topics, as counted for {@code dsmq.max-held-bytes}
	 * @param groupsHeld the work-queue groups of all topics, those of topics that hold no messages too
	 * @param rateWindowSeconds the span the rates are taken over, give or take the five seconds between samples
	 * @param offset the topics passed over before this page
	 * @param limit the most topics this page could list
	 * @param topics one page of the topics that hold messages, oldest first
	 * @param connectionsByGeneration the connections being served by the tag of their generation, each present even
	 * at 0, {@code unknown} last
	 * @param connections the oldest connections being served, as many as the request asked for, oldest first
	 */
	public record Summary(int connectionsOpen, long topicsHeld, long messagesHeld, long bytesHeld, int groupsHeld,
			long rateWindowSeconds, long offset, int limit, List<TopicSummary> topics,
			Map<String, Integer> connectionsByGeneration, List<ConnectionSummary> connections) {
	}

	/**
	 * One topic.
	 * @param name the topic
	 * @param messages the messages it holds
	 * @param bytes the bytes it holds, as counted for {@code dsmq.max-held-bytes}
	 * @param oldestAgeSeconds seconds since its oldest message was put, to the millisecond
	 * @param newestAgeSeconds seconds since its newest message was put
	 * @param putsPerSecond messages stored per second over the rate window
	 * @param getsPerSecond messages delivered to readers per second over the rate window
	 * @param groups its work-queue groups by name, each with the messages available to it and claimed now and what
	 * it counted
	 */
	public record TopicSummary(String name, long messages, long bytes, double oldestAgeSeconds,
			double newestAgeSeconds, double putsPerSecond, double getsPerSecond, List<GroupDepth> groups) {

		/**
		 * What a topic holds, its ages taken at {@code now} (milliseconds since the epoch).
		 */
		static TopicSummary of(TopicDepth depth, long now) {
			TopicRates.Rate rate = depth.rate();
			return new TopicSummary(depth.name(), depth.messages(), depth.bytes(),
					ageSeconds(now, depth.oldestCreatedAt()), ageSeconds(now, depth.newestCreatedAt()),
					round(rate.putsPerSecond()), round(rate.getsPerSecond()), depth.groups());
		}

	}

	/**
	 * One connection.
	 * @param peer the peer's address and port
	 * @param generation the wire generation it speaks ({@code headerless}, {@code framed}, {@code websocket},
	 * {@code tinymq}), or {@code unknown} until its first bytes tell
	 * @param openedAt when the server accepted it, an ISO-8601 instant
	 * @param requestsServed the well-formed requests it has sent that the server acted on
	 * @param role a tinyMQ connection's role, {@code producer} or {@code consumer}, once its {@code ConnInit} is
	 * answered; null before, and for other generations
	 * @param topic the topic of a tinyMQ connection, which its path named; null for other generations
	 */
	public record ConnectionSummary(String peer, String generation, String openedAt, long requestsServed,
			@Nullable String role, @Nullable String topic) {
	}

}
