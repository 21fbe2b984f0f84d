package dev.dsmq.server.queue;

import java.util.List;

/**
 * What one topic holds at one moment, and how fast messages come and go.
 * @param name the topic
 * @param messages the number of messages it holds
 * @param bytes the bytes of those messages
 * @param oldestCreatedAt when its oldest message was put, in milliseconds since the epoch
 * @param newestCreatedAt when its newest message was put, in milliseconds since the epoch
 * @param rate its puts and deliveries per second over the last {@link TopicRates#WINDOW}
 * @param groups its work-queue groups, by name
 */
public record TopicDepth(String name, long messages, long bytes, long oldestCreatedAt, long newestCreatedAt,
		TopicRates.Rate rate, List<GroupDepth> groups) {
}
