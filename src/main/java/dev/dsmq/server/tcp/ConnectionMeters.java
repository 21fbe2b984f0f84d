package dev.dsmq.server.tcp;

import java.time.Instant;
import java.util.Arrays;

import dev.dsmq.server.protocol.Action;

/**
 * What one connection has been served, and the timing of the requests it is being served.
 * <p>
 * Only the connection's own thread times requests: it hands the frames that arrived together to the request handler
 * and writes their replies, so one clock reading when the frames are handed on and one when the replies leave time
 * every read among them. A read that waits for a message is timed on its own, and the requests after it from the
 * end of its wait, so that long polls do not show up as slow gets.
 */
final class ConnectionMeters {

	private final RequestMeters meters;

	private final Instant openedAt = Instant.now();

	/** Written by the connection's thread only, read by any. */
	private volatile long requestsServed;

	private long startNanos;

	/** By action, the reads whose replies leave with the next write. */
	private final int[] pending = new int[Action.values().length];

	/** The sum of {@link #pending}, so that a write without reads to time looks at one field. */
	private int pendingReads;

	ConnectionMeters(RequestMeters meters) {
		this.meters = meters;
	}

	Instant openedAt() {
		return this.openedAt;
	}

	long requestsServed() {
		return this.requestsServed;
	}

	/**
	 * Frames that arrived together are handed to the request handler now.
	 */
	void started(long nanos) {
		this.startNanos = nanos;
		clearPending();
	}

	long startNanos() {
		return this.startNanos;
	}

	/**
	 * Count requests acted on.
	 */
	void served(int requests) {
		if (requests > 0) {
			this.requestsServed += requests;
		}
	}

	/**
	 * A read's reply is ready and leaves with the next write.
	 */
	void replyReady(Action action) {
		this.pending[action.ordinal()]++;
		this.pendingReads++;
	}

	/**
	 * A read has waited for a message until now: time it apart, and time the requests after it from now.
	 */
	void waited(Action action) {
		long now = System.nanoTime();
		this.meters.waited(action, now - this.startNanos);
		this.startNanos = now;
	}

	/**
	 * Bytes have been read from the connection.
	 */
	void received(int bytes) {
		this.meters.received(bytes);
	}

	/**
	 * Replies have been written: count their bytes, and time the reads they answer.
	 */
	void written(int bytes) {
		this.meters.sent(bytes);
		if (this.pendingReads > 0) {
			long nanos = System.nanoTime() - this.startNanos;
			for (Action action : RequestMeters.READS) {
				this.meters.replied(action, this.pending[action.ordinal()], nanos);
			}
			clearPending();
		}
	}

	/**
	 * Replies could not be written: the reads they answer are not timed.
	 */
	void notWritten() {
		clearPending();
	}

	private void clearPending() {
		if (this.pendingReads > 0) {
			Arrays.fill(this.pending, 0);
			this.pendingReads = 0;
		}
	}

}
