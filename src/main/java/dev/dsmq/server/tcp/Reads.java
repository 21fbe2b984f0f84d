package dev.dsmq.server.tcp;

import java.time.Duration;

import dev.dsmq.server.protocol.Action;
import dev.dsmq.server.protocol.RejectReason;
import dev.dsmq.server.protocol.Reply;
import dev.dsmq.server.protocol.Request;
import dev.dsmq.server.queue.GroupMessage;
import dev.dsmq.server.queue.MessageQueue;
import dev.dsmq.server.queue.ReadOptions;
import dev.dsmq.server.queue.StoredMessage;
import dev.dsmq.server.queue.Take;
import dev.dsmq.server.queue.TooManyGroupsException;
import dev.dsmq.server.queue.TooManyReadPositionsException;
import org.jspecify.annotations.Nullable;

/**
 * The reads of a connection: {@code get} and {@code get_latest} by its read positions, and a work-queue group's
 * {@code get}, {@code pop} and {@code peek}. Each message is read once there is room for it in memory
 * ({@code dsmq.max-in-flight-bytes}), and a read with {@code wait} sleeps until a message may be there, looking every
 * {@link #PEER_CHECK_INTERVAL} whether its peer is still there.
 */
final class Reads {

	/** How often a read that waits for a message looks whether its peer has gone. */
	static final Duration PEER_CHECK_INTERVAL = Duration.ofSeconds(1);

	private final MessageQueue queue;

	private final Duration maxWait;

	/** How long a read waits for room in memory for its message before it is answered with an error. */
	private final Duration roomWait;

	private final Refusals refusals;

	private final RequestMeters meters;

	Reads(MessageQueue queue, Duration maxWait, Duration roomWait, Refusals refusals, RequestMeters meters) {
		this.queue = queue;
		this.maxWait = maxWait;
		this.roomWait = roomWait;
		this.refusals = refusals;
		this.meters = meters;
	}

	/**
	 * Answer a read: with its message, with none, or with why it was refused.
	 */
	void read(Request request, Batch batch) {
		Connection connection = batch.connection();
		Outcome outcome = readWithRoom(request, batch);
		Duration wait = connection.waitsGiveWay(batch.following()) ? Duration.ZERO : longPoll(request);
		if (outcome == Outcome.NONE && !wait.isZero()) {
			// the replies before this read are due now, not when it ends
			if (!batch.flush()) {
				return;
			}
			outcome = await(request, wait, batch);
			if (outcome.answered()) {
				return;
			}
			connection.meters().waited(request.action());
		}
		else if (outcome.answered()) {
			return;
		}
		else {
			connection.meters().replyReady(request.action());
		}
		StoredMessage message = outcome.message();
		this.meters.read(request.action(), message != null);
		if (message == null) {
			batch.reply(Reply.empty(request.id()));
			return;
		}
		GroupMessage claimed = outcome.claimed();
		StoredMessage.Metadata metadata = message.metadata();
		Reply reply;
		if (claimed != null && metadata != null) {
			reply = Reply.groupMessage(request.id(), message.body(), message.sequence(), metadata.createdAt(),
					metadata.headers(), claimed.firstRetrievedMillis(), claimed.retrievalCount());
		}
		else if (metadata != null) {
			reply = Reply.message(request.id(), message.body(), message.sequence(), metadata.createdAt(),
					metadata.headers());
		}
		else {
			reply = Reply.message(request.id(), message.body());
		}
		// the room taken for the message is the reply's until it is written
		batch.reply(reply, message.length());
	}

	/**
	 * Wait for a message to be put, looking every {@link #PEER_CHECK_INTERVAL} whether the peer is still there, so
	 * that a peer that sent a long wait and left frees its connection within a second.
	 */
	private Outcome await(Request request, Duration wait, Batch batch) {
		Connection connection = batch.connection();
		long deadline = System.nanoTime() + wait.toNanos();
		while (true) {
			long left = deadline - System.nanoTime();
			if (left <= 0 || !this.queue.waitsAllowed()) {
				return Outcome.NONE;
			}
			Duration slice = Duration.ofNanos(Math.min(left, PEER_CHECK_INTERVAL.toNanos()));
			boolean ready = request.readsGroup()
					? this.queue.awaitAvailable(take(request), request.topic(), groupOf(request), slice)
					: this.queue.awaitNewer(request.topic(), connection.positions(), slice);
			if (ready && request.readsGroup() && connection.peerClosed()) {
				// a claim for a peer that has left would keep the message from the group for its visibility timeout
				batch.peerGone();
				return Outcome.ANSWERED;
			}
			if (ready) {
				Outcome outcome = readWithRoom(request, batch);
				if (outcome != Outcome.NONE) {
					return outcome;
				}
			}
			else if (this.queue.waitsAllowed() && connection.peerClosed()) {
				batch.peerGone();
				return Outcome.ANSWERED;
			}
			else if (connection.waitsGiveWay(0)) {
				return Outcome.NONE;
			}
		}
	}

	/**
	 * Read a message after finding room for it in memory: as much as the largest message the topic holds, waiting
	 * for it if need be (not for a small one), then just the message's.
	 */
	private Outcome readWithRoom(Request request, Batch batch) {
		Connection connection = batch.connection();
		long taken = roomForLargest(request.topic(), batch);
		if (taken < 0) {
			return refuse(request, batch, RejectReason.NO_ROOM_FOR_REPLY, noRoom(-taken));
		}
		InFlightBytes.Reservation room = connection.room();
		Outcome found;
		try {
			found = read(request, connection);
		}
		catch (TooManyReadPositionsException ex) {
			room.release(taken);
			return refuse(request, batch, RejectReason.TOO_MANY_READ_POSITIONS, ex.getMessage());
		}
		catch (TooManyGroupsException ex) {
			room.release(taken);
			return refuse(request, batch, RejectReason.TOO_MANY_GROUPS, ex.getMessage());
		}
		keepRoomFor(found.message(), taken, room);
		return found;
	}

	/**
	 * Find room in memory for a read of the topic: as much as the largest message it holds, waiting for it if need
	 * be (not for a small one).
	 * @return the room taken, or, if none was found in time, the room asked for, negated
	 */
	long roomForLargest(String topic, Batch batch) {
		long taken = this.queue.largestBody(topic);
		InFlightBytes.Reservation room = batch.connection().room();
		if (taken <= InFlightBytes.SMALL) {
			room.force(taken);
		}
		else if (!room.tryAcquire(taken) && !waitForRoom(taken, batch)) {
			return -taken;
		}
		return taken;
	}

	/**
	 * Keep of the room taken for a read just what the message read needs, which its reply holds until written.
	 */
	static void keepRoomFor(@Nullable StoredMessage message, long taken, InFlightBytes.Reservation room) {
		long needed = (message != null) ? message.length() : 0;
		if (needed > taken) {
			// a larger message was put in between: it is in memory already
			room.force(needed - taken);
		}
		else {
			room.release(taken - needed);
		}
	}

	/**
	 * Why a read that found no room for its message is refused.
	 */
	static String noRoom(long bytes) {
		return "no room for a message of up to " + bytes
				+ " bytes: the server holds as many bytes in flight as it may (dsmq.max-in-flight-bytes); try again";
	}

	private Outcome read(Request request, Connection connection) {
		String topic = request.topic();
		if (request.readsGroup()) {
			return this.queue.take(take(request), topic, groupOf(request), request.visibility())
				.map(Outcome::of)
				.orElse(Outcome.NONE);
		}
		return this.queue.read(topic, connection.positions(), options(request))
			.map(Outcome::of)
			.orElse(Outcome.NONE);
	}

	private static Take take(Request request) {
		return switch (request.action()) {
			case POP -> Take.POP;
			case PEEK -> Take.PEEK;
			default -> Take.CLAIM;
		};
	}

	private static String groupOf(Request request) {
		String group = request.group();
		if (group == null) {
			throw new IllegalStateException("a read of a group without one: " + request);
		}
		return group;
	}

	/**
	 * Return how the request reads, without allocating for a plain {@code get} or {@code get_latest}.
	 */
	private static ReadOptions options(Request request) {
		boolean latest = request.action() == Action.GET_LATEST;
		Long after = request.after();
		if (after == null && !request.meta()) {
			return latest ? ReadOptions.LATEST : ReadOptions.NEXT;
		}
		return new ReadOptions(latest, (after != null) ? after : ReadOptions.OWN_POSITION, request.meta());
	}

	private Outcome refuse(Request request, Batch batch, RejectReason reason, String detail) {
		this.refusals.reject(batch.connection(), reason, detail);
		batch.reply(Reply.error(request.id(), detail));
		return Outcome.ANSWERED;
	}

	/**
	 * Wait for room, holding none: the replies so far are written, and the room of what was acted on given back.
	 */
	private boolean waitForRoom(long bytes, Batch batch) {
		batch.flush();
		batch.settle();
		try {
			long deadline = System.nanoTime() + this.roomWait.toNanos();
			return batch.connection().room().acquire(bytes, deadline, batch.connection()::isClosed);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private Duration longPoll(Request request) {
		Duration wait = request.longPoll();
		if (wait == null) {
			return Duration.ZERO;
		}
		return (wait.compareTo(this.maxWait) > 0) ? this.maxWait : wait;
	}

	/**
	 * What a read came to: a message (read by position, or by a group with what the group knows of it), none, or a
	 * reply of its own already queued (a refusal), or no reply at all because the peer has gone.
	 */
	private record Outcome(@Nullable StoredMessage message, @Nullable GroupMessage claimed, boolean answered) {

		static final Outcome NONE = new Outcome(null, null, false);

		static final Outcome ANSWERED = new Outcome(null, null, true);

		static Outcome of(StoredMessage message) {
			return new Outcome(message, null, false);
		}

		static Outcome of(GroupMessage message) {
			return new Outcome(message.message(), message, false);
		}

	}

}
