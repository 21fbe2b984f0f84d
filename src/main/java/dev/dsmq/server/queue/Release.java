package dev.dsmq.server.queue;

import java.util.List;

/**
 * Messages of one topic that a committed transaction deleted, to be taken out of what the topic holds.
 * @param topic the topic
 * @param messages how many were deleted
 * @param bytes what they cost beyond {@link Costs#MESSAGE_OVERHEAD} each: their JSON values and headers, and the
 * groups' rows of them ({@link Costs#GROUP_ROW} each)
 * @param losses the messages each group of the topic lost before it deleted them
 */
record Release(Topic topic, long messages, long bytes, List<GroupLoss> losses) {

	Release(Topic topic, long messages, long bytes) {
		this(topic, messages, bytes, List.of());
	}

	/**
	 * Messages a group lost before it deleted them.
	 */
	record GroupLoss(Group group, long messages) {
	}

}
