package dev.dsmq.server.queue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.dsmq.server.queue.QueueService.NewMessage;
import org.jspecify.annotations.Nullable;

/**
 * The queue as the listener, the endpoint and health see it: puts, broadcast reads by read position, work-queue
 * groups, waits and what the store holds. One implementation per store: {@link QueueService} on the embedded SQLite
 * store of one process, {@link PostgresQueue} on a PostgreSQL database that many nodes share.
 */
public interface MessageQueue {

	/**
	 * Append messages in the order given, pipelined puts of one connection together.
	 * @return what became of each message
	 */
	PutOutcome putAll(List<NewMessage> messages);

	/**
	 * Read a topic as a connection, and move its position in the topic to the message read.
	 * @throws TooManyReadPositionsException if the connection keeps as many positions as it may, none in this topic
	 */
	Optional<StoredMessage> read(String topic, ReadPositions positions, ReadOptions options);

	/**
	 * Wait until the topic holds a message this connection has not read, the time is up, or waits are ended.
	 * @return whether the topic holds such a message
	 */
	boolean awaitNewer(String topic, ReadPositions positions, Duration wait);

	/**
	 * Whether reads may wait for messages: not while the server stops.
	 */
	boolean waitsAllowed();

	/**
	 * Allow reads to wait for messages, or end the waiting ones empty-handed and answer later waits at once, as
	 * while the server stops.
	 */
	void setWaitsAllowed(boolean allowed);

	/**
	 * Return the size of the largest message the topic may hold, its headers included: a reader about to read from
	 * it needs at most this much memory for the message.
	 */
	long largestBody(String topic);

	/**
	 * Return the sequence number of the newest message accepted so far; a reader that starts now reads only what
	 * comes after it.
	 */
	long lastSequence();

	/**
	 * Read the oldest message a work-queue group may claim now, creating the group on its first use.
	 * @param visibility how long a claim lasts; null for {@code dsmq.groups.visibility-timeout}
	 * @throws TooManyGroupsException if the group is new and there are as many as there may be
	 */
	Optional<GroupMessage> take(Take take, String topic, String group, @Nullable Duration visibility);

	/**
	 * Mark a message done for a work-queue group: it is not claimed again.
	 * @throws TooManyGroupsException if the group is new and there are as many as there may be
	 */
	void delete(String topic, String group, long sequence);

	/**
	 * Give a work-queue group's claim back early: the message is available to the group again after the delay.
	 * @throws TooManyGroupsException if the group is new and there are as many as there may be
	 */
	void release(String topic, String group, long sequence, Duration delay);

	/**
	 * Wait until a read of the work-queue group may find a message, the time is up, or waits are ended.
	 * @return whether a read may find a message now
	 */
	boolean awaitAvailable(Take take, String topic, String group, Duration wait);

	/**
	 * Return what a work-queue group has now and what it counted, if the store holds it.
	 */
	Optional<GroupDepth> group(String topic, String group);

	/**
	 * Return how many work-queue groups the store holds.
	 */
	int groupCount();

	/**
	 * Delete every message older than the time to live, and what else has outlived it.
	 * @return how many messages were deleted
	 */
	int purgeExpired();

	/**
	 * Return what the store holds, as last counted.
	 */
	QueueStats stats();

	/**
	 * Return why the store is not working, if it is not.
	 */
	Optional<String> storeProblem();

	/**
	 * Return which store this is, for health: {@code sqlite-memory}, {@code sqlite-file} or {@code postgresql}.
	 */
	String storeName();

	/**
	 * Return one page of the topics that hold messages, oldest first.
	 * @param offset how many topics to pass over
	 * @param limit the most topics to return
	 */
	List<TopicDepth> topics(long offset, int limit);

	/**
	 * Return how many bytes the topics hold, as counted for {@code dsmq.max-held-bytes}.
	 */
	long heldBytes();

	/**
	 * Return how many reads are waiting for a message to be put.
	 */
	int waitingReaders();

	/**
	 * Wake every waiting reader, empty-handed, and answer later waits at once: the server is stopping.
	 */
	void close();

}
