package dev.dsmq.server.tcp;

import java.util.ArrayList;
import java.util.List;

import dev.dsmq.server.protocol.Reply;
import dev.dsmq.server.queue.QueueService.NewMessage;
import dev.dsmq.server.queue.StoreUnavailableException;
import org.jspecify.annotations.Nullable;

/**
 * The work in progress on the frames of one read from a connection: the puts gathered to be stored together, the
 * replies to be written together, and the room in memory they hold.
 * <p>
 * Replies leave once they add up to {@link #FLUSH_BYTES}, and whenever the batch is about to wait, so that a
 * connection never holds much more than one message's worth of replies.
 */
final class Batch {

	/** Replies are written once this many bytes of them are pending. */
	static final int FLUSH_BYTES = 64 * 1024;

	private final Connection connection;

	private final List<Reply> replies = new ArrayList<>(1);

	private final List<NewMessage> puts = new ArrayList<>();

	/** For each put, how it is answered once stored; null for one that is not. */
	private final List<@Nullable Acknowledgement> acknowledgements = new ArrayList<>();

	private int pendingBytes;

	/** Room held for the pending replies. */
	private long replyRoom;

	/** Room held for the bodies already acted on, given back once what they hold is stored. */
	private long consumedRoom;

	private boolean peerGone;

	/** Whether a reply that closes the connection is queued: nothing after it is. */
	private boolean closing;

	/** How many requests of the batch follow the one being acted on. */
	private int following;

	/** The well-formed requests acted on. */
	private int requests;

	Batch(Connection connection) {
		this.connection = connection;
	}

	Connection connection() {
		return this.connection;
	}

	/**
	 * Note that a body has been acted on; the room it took is given back with {@link #settle()}.
	 */
	void consumed(int bodyLength) {
		this.consumedRoom += bodyLength;
	}

	void following(int requests) {
		this.following = requests;
	}

	/**
	 * Return how many requests, or control frames, of the batch follow the one being acted on.
	 */
	int following() {
		return this.following;
	}

	void served() {
		this.requests++;
	}

	int requests() {
		return this.requests;
	}

	/**
	 * Gather a put, to be stored with the others before the next request that is not one.
	 * @param acknowledgement how it is answered once stored, null if it is not
	 */
	void put(NewMessage message, @Nullable Acknowledgement acknowledgement) {
		this.puts.add(message);
		this.acknowledgements.add(acknowledgement);
	}

	List<NewMessage> puts() {
		return this.puts;
	}

	List<@Nullable Acknowledgement> acknowledgements() {
		return this.acknowledgements;
	}

	/**
	 * Forget the puts, once stored or refused, and give back the room of the bodies acted on.
	 */
	void settle() {
		this.puts.clear();
		this.acknowledgements.clear();
		this.connection.room().release(this.consumedRoom);
		this.consumedRoom = 0;
	}

	/**
	 * Queue a reply that holds no room of its own.
	 * @return whether the connection stays open after it
	 */
	boolean reply(Reply reply) {
		return reply(reply, 0);
	}

	/**
	 * Queue a reply, with the room taken for it; write the pending replies if they add up. After a reply that
	 * closes the connection, none is queued.
	 * @return whether the connection stays open after it
	 */
	boolean reply(Reply reply, long room) {
		if (this.closing) {
			this.connection.room().release(room);
			return false;
		}
		this.closing = reply.closesConnection();
		this.replies.add(reply);
		this.pendingBytes += reply.length();
		this.replyRoom += room;
		if (this.pendingBytes >= FLUSH_BYTES && !reply.closesConnection()) {
			flush();
		}
		return !reply.closesConnection();
	}

	/**
	 * Write the replies queued so far, and give back their room.
	 * @return whether the peer is still there to read them
	 */
	boolean flush() {
		if (!this.replies.isEmpty() && !this.peerGone) {
			this.peerGone = !this.connection.write(this.replies);
		}
		this.replies.clear();
		this.pendingBytes = 0;
		this.connection.room().release(this.replyRoom);
		this.replyRoom = 0;
		return !this.peerGone;
	}

	/**
	 * Note that the peer has gone: nothing more is written, and the rest of the batch is not acted on.
	 */
	void peerGone() {
		this.peerGone = true;
	}

	boolean isPeerGone() {
		return this.peerGone;
	}

	/**
	 * Whether a reply that closes the connection is queued, so that the rest of the batch is not acted on.
	 */
	boolean isClosing() {
		return this.closing;
	}

	/**
	 * How a put is answered once the store has taken it, or has refused it.
	 */
	interface Acknowledgement {

		Reply stored(long sequence);

		/**
		 * The answer to a put the store refused, saying why where the refusal is the store's to tell (it cannot be
		 * reached); any other failure stays an internal error.
		 */
		Reply notStored(@Nullable RuntimeException failure);

		/**
		 * The answer to a dsmq put with an id: {@code {"id": X, "ok": true, "seq": N}}, or an error.
		 */
		static Acknowledgement of(byte[] id) {
			return new Acknowledgement() {

				@Override
				public Reply stored(long sequence) {
					return Reply.stored(id, sequence);
				}

				@Override
				public Reply notStored(@Nullable RuntimeException failure) {
					if (failure instanceof StoreUnavailableException) {
						return Reply.error(id, "message not stored: " + failure.getMessage());
					}
					return Reply.error(id, "internal server error: message not stored");
				}

			};
		}

	}

}
