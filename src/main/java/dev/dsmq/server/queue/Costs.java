package dev.dsmq.server.queue;

import java.nio.charset.StandardCharsets;

/**
 * What a message and a topic cost the server, as counted in {@code dsmq.bytes.held} and against
 * {@code dsmq.max-held-bytes}, so that the limit bounds memory however small the messages and however long the topic
 * names. The figures were measured on a server with a pre-touched heap (SQLite's and the C library's memory from the
 * resident set, the rest as live heap after a full GC), a million messages or up to 200,000 topics at a time, and
 * rounded up.
 */
public final class Costs {

	/**
	 * What a message costs beyond its JSON value and its headers: its row and its entry in the {@code (topic, seq)}
	 * index, with the slack of their pages. Measured 38 to 58 bytes, the most with many topics put to in turn (before
	 * the headers column, which adds a byte to a row without headers).
	 */
	public static final long MESSAGE_OVERHEAD = 64;

	/**
	 * What a topic costs beyond its name: on the heap its entries in the three maps of the holdings, its counts and
	 * its rates, about 350 bytes; in SQLite its row and its entry in the name's index, about 100. Measured 497 bytes
	 * in all for a name of 8 bytes.
	 */
	public static final long TOPIC_OVERHEAD = 512;

	/**
	 * The copies of a name's UTF-8 bytes a topic counts beside the one on the heap: SQLite keeps the name in the
	 * topic's row and in the index that keeps names unique, pages of which are about two thirds full.
	 */
	public static final int NAME_COPIES_IN_SQLITE = 3;

	/**
	 * Names longer than this many bytes spill out of their index entry into a page of their own, which costs up to
	 * {@value #PAGE_SIZE} bytes more: a name of 995 bytes measured 3.9 kB, one of 1,000 bytes 7.7 kB.
	 */
	public static final int SPILL_LENGTH = 990;

	/**
	 * What a group's row of one message costs (a claim, or a delete out of order): its row in a table without rowid
	 * and its copy in memory, indexed by sequence number and by when it is available. Measured with 100,000 claims in
	 * flight on the in-memory store: 34 bytes of SQLite pages and 152 bytes of heap each.
	 */
	public static final long GROUP_ROW = 192;

	/** The size of SQLite's pages. */
	public static final int PAGE_SIZE = 4096;

	private Costs() {
	}

	/**
	 * Return what a message costs: its JSON value and its headers as put, and {@link #MESSAGE_OVERHEAD}.
	 * @param length the bytes of its JSON value and its headers
	 */
	public static long message(long length) {
		return length + MESSAGE_OVERHEAD;
	}

	/**
	 * Return what a topic costs apart from its messages: {@link #TOPIC_OVERHEAD}, its name on the heap (one byte a
	 * character if every one is Latin-1, else two, as the JVM stores strings), {@link #NAME_COPIES_IN_SQLITE} times
	 * its UTF-8 bytes, and a page for a name longer than {@link #SPILL_LENGTH} bytes.
	 */
	public static long topic(String name) {
		long utf8 = name.getBytes(StandardCharsets.UTF_8).length;
		long heap = isLatin1(name) ? name.length() : 2L * name.length();
		return TOPIC_OVERHEAD + heap + NAME_COPIES_IN_SQLITE * utf8 + ((utf8 > SPILL_LENGTH) ? PAGE_SIZE : 0);
	}

	/**
	 * Return what a work-queue group costs apart from its rows of messages: estimated as a topic named by both names,
	 * since it has a row with both names and a unique index over them, and an entry in memory of about a topic's.
	 */
	public static long group(String topic, String name) {
		return topic(topic + name);
	}

	private static boolean isLatin1(String name) {
		for (int i = 0; i < name.length(); i++) {
			if (name.charAt(i) > 0xFF) {
				return false;
			}
		}
		return true;
	}

}
