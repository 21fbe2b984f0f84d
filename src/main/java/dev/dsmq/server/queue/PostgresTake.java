package dev.dsmq.server.queue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import dev.dsmq.server.queue.QueueService.NewMessage;
import org.jspecify.annotations.Nullable;

/**
 * One read of a work-queue group on PostgreSQL, in one transaction: a claim, a pop or a peek of the oldest message
 * the group may claim, and the dead-lettering of the messages on the way that were claimed too often. A message is
 * dead-lettered in the same transaction as it is marked done for the group, so it is put to {@code T.dead-letter}
 * exactly once.
 */
final class PostgresTake {

	private final Connection connection;

	private final long group;

	private final String topic;

	private final String groupName;

	private final long now;

	private final int maxRetrievals;

	/** The sequence number of the last message dead-lettered, 0 for none. */
	private long deadLettered;

	PostgresTake(Connection connection, long group, String topic, String groupName, long now, int maxRetrievals) {
		this.connection = connection;
		this.group = group;
		this.topic = topic;
		this.groupName = groupName;
		this.now = now;
		this.maxRetrievals = maxRetrievals;
	}

	/**
	 * Read the oldest message the group may claim now.
	 * @param visibility how long a claim lasts, in milliseconds
	 * @throws PostgresQueue.ForgottenGroupException if the group is gone from the store
	 */
	Result take(Take take, long visibility) throws SQLException {
		long after = PostgresGroups.doneThrough(this.connection, this.group);
		if (after < 0) {
			throw new PostgresQueue.ForgottenGroupException();
		}
		while (true) {
			PostgresGroups.Candidate candidate = PostgresGroups.candidate(this.connection, this.group, this.topic, after,
					this.now, take != Take.PEEK);
			if (candidate == null) {
				return new Result(null, this.deadLettered, this.deadLettered > 0);
			}
			after = candidate.sequence();
			if (this.maxRetrievals > 0 && candidate.retrievals() >= this.maxRetrievals) {
				if (take != Take.PEEK) {
					deadLetter(candidate);
				}
				continue;
			}
			if (take == Take.PEEK) {
				return new Result(message(candidate, candidate.retrievals(), candidate.firstRetrieved()),
						this.deadLettered, false);
			}
			long[] claimed = PostgresGroups.claim(this.connection, this.group, candidate.sequence(), this.now,
					this.now + visibility, take == Take.POP);
			if (claimed == null) {
				// another consumer claimed it since this transaction's statement looked: on to the next message
				continue;
			}
			if (claimed[0] > 1) {
				PostgresGroups.countRedelivered(this.connection, this.group);
			}
			return new Result(message(candidate, (int) claimed[0], claimed[1]), this.deadLettered,
					take == Take.POP || this.deadLettered > 0);
		}
	}

	private void deadLetter(PostgresGroups.Candidate candidate) throws SQLException {
		byte[] headers = DeadLetterHeaders.of(candidate.headers(), this.topic, this.groupName, candidate.sequence(),
				candidate.retrievals());
		this.deadLettered = PostgresMessages.insert(this.connection,
				List.of(new NewMessage(this.topic + WorkQueues.DEAD_LETTER_SUFFIX, candidate.body(), headers)),
				this.now);
		PostgresGroups.delete(this.connection, this.group, this.topic, candidate.sequence());
		PostgresGroups.countDeadLettered(this.connection, this.group);
	}

	private static GroupMessage message(PostgresGroups.Candidate candidate, int retrievals, long firstRetrieved) {
		StoredMessage message = new StoredMessage(candidate.sequence(), candidate.body(),
				new StoredMessage.Metadata(candidate.createdAt(), candidate.headers()));
		return new GroupMessage(message, firstRetrieved, retrievals);
	}

	/**
	 * What the read found, the last message it dead-lettered on the way (0 for none), and whether it marked any
	 * message deleted for the group (a pop, a dead-letter).
	 */
	record Result(@Nullable GroupMessage message, long deadLettered, boolean deleted) {
	}

}
