package dev.dsmq.server.queue;

/**
 * What the store holds at one moment.
 * @param topics the number of topics holding at least one message
 * @param messages the number of messages held
 */
public record QueueStats(long topics, long messages) {
}
