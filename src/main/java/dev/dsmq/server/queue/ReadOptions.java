package dev.dsmq.server.queue;

/**
 * How a connection reads a topic: the oldest or the newest message it has not read, counted from its own position
 * in the topic or from one it names, with or without the message's metadata.
 * @param latest whether to read the newest eligible message, which makes every older one ineligible
 * ({@code get_latest}), rather than the oldest ({@code get})
 * @param after the sequence number to read after, as if the connection's position in the topic were there (0 for
 * the oldest message held), or {@link #OWN_POSITION}
 * @param metadata whether to read the message's {@link StoredMessage.Metadata} too
 */
public record ReadOptions(boolean latest, long after, boolean metadata) {

	/** Read from the connection's own position in the topic. */
	public static final long OWN_POSITION = -1;

	/** The oldest message the connection has not read: dsmq's {@code get}. */
	public static final ReadOptions NEXT = new ReadOptions(false, OWN_POSITION, false);

	/** The newest message the connection has not read: dsmq's {@code get_latest}. */
	public static final ReadOptions LATEST = new ReadOptions(true, OWN_POSITION, false);

	public ReadOptions {
		if (after < OWN_POSITION) {
			throw new IllegalArgumentException("a read starts after a sequence number of 0 or more, not " + after);
		}
	}

	/**
	 * Whether the read moves the connection's position in the topic to {@link #after()} before it reads.
	 */
	boolean movesPosition() {
		return this.after != OWN_POSITION;
	}

}
