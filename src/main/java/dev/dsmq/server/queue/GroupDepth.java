package dev.dsmq.server.queue;

/**
 * What one work-queue group has at one moment, and what it counted.
 * @param name the group
 * @param available the messages a get of the group could claim now
 * @param claimed the messages claimed and neither deleted nor run out: in flight
 * @param redelivered the claims of messages the group had claimed before
 * @param deadLettered the messages put to the dead-letter topic after {@code dsmq.groups.max-retrievals} claims
 * @param lost the messages that expired or a limit dropped before the group deleted them
 */
public record GroupDepth(String name, long available, long claimed, long redelivered, long deadLettered, long lost) {
}
