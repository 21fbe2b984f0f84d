package dev.dsmq.server.queue;

/**
 * Messages of one topic that a committed transaction deleted, to be taken out of what the topic holds.
 * @param topic the topic
 * @param messages how many were deleted
 * @param bytes the bytes of their JSON values
 */
record Release(Topic topic, long messages, long bytes) {
}
