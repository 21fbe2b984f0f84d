package dev.dsmq.server.queue;

import java.util.List;

/**
 * Messages of one topic that a committed transaction deleted, to be taken out of what the topic holds.
 * @param topic the topic
 * @param messages how many were deleted
 * @param bytes what they cost beyond {@link Costs#MESSAGE_OVERHEAD} each: their JSON values and headers, and the
 * groups' rows of them ({@link Costs#GROUP_ROW} each)
 * @param through the sequence number up to which the topic holds no message any more
 * @param losses what each group of the topic lost with them: the messages it had not deleted, and its rows
 */
record Release(Topic topic, long messages, long bytes, long through, List<GroupLoss> losses) {

	Release(Topic topic, long messages, long bytes, long through) {
		this(topic, messages, bytes, through, List.of());
	}

	/**
	 * What a group lost with the messages of its topic before a bound: the messages it had not deleted, and its rows
	 * of messages, all of which were before the bound.
	 */
	record GroupLoss(Group group, long bound, long messages) {
	}

}
