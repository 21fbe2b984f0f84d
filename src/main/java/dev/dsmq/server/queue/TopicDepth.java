package dev.dsmq.server.queue;

/**
 * What one topic holds at one moment.
 * @param name the topic
 * @param messages the number of messages it holds
 * @param bytes the bytes of those messages
 * @param oldestCreatedAt when its oldest message was put, in milliseconds since the epoch
 * @param newestCreatedAt when its newest message was put, in milliseconds since the epoch
 */
public record TopicDepth(String name, long messages, long bytes, long oldestCreatedAt, long newestCreatedAt) {
}
