package dev.dsmq.server.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;

/**
 * A reply's body, ready to be framed by a connection's {@link Codec} and written: in one piece, or, where it carries a
 * large message, as the parts around the message and the message itself, which is never copied.
 */
public final class Reply {

	/** A message at least this long is written from where it is held instead of being copied into the frame. */
	static final int LARGE_MESSAGE = 64 * 1024;

	private static final byte[] MESSAGE_PREFIX = ascii("{\"message\": ");

	private static final byte[] ID_PREFIX = ascii("{\"id\": ");

	private static final byte[] MESSAGE_INFIX = ascii(", \"message\": ");

	private static final byte[] ERROR_INFIX = ascii(", \"error\": ");

	private static final byte[] EMPTY_MESSAGE_ERROR_PREFIX = ascii("{\"message\": \"\", \"error\": ");

	private static final byte[] OK_SUFFIX = ascii(", \"ok\": true}");

	private static final byte[] STORED_INFIX = ascii(", \"ok\": true, \"seq\": ");

	private static final byte[] SEQ_INFIX = ascii(", \"seq\": ");

	private static final byte[] SENT_INFIX = ascii(", \"sent\": ");

	private static final byte[] HEADERS_INFIX = ascii(", \"headers\": ");

	private static final byte[] CLOSE = ascii("}");

	private static final byte[] NOTHING = {};

	private static final byte[][] NO_PARTS = {};

	private static final Reply EMPTY = message(ascii("\"\""));

	private static final Reply OK = new Reply(join(ascii("{\"ok\": true}")));

	/** Written in order; one part but for a large message. */
	private final byte[][] parts;

	private final int length;

	/** Why the connection is closed once this reply is written; null if it stays open. */
	private final @Nullable RejectReason closeReason;

	/** Whether the parts are wire bytes already, to be written without a codec's framing. */
	private final boolean framed;

	/** Whether the connection ends once this is written, as after a WebSocket close frame. */
	private final boolean ends;

	private Reply(byte[] body) {
		this(new byte[][] { body }, body.length, null, false, false);
	}

	private Reply(byte[][] parts, int length, @Nullable RejectReason closeReason, boolean framed, boolean ends) {
		this.parts = parts;
		this.length = length;
		this.closeReason = closeReason;
		this.framed = framed;
		this.ends = ends || closeReason != null;
	}

	/**
	 * A reply carrying a message.
	 * @param message the message as one encoded JSON value, as it arrived in the {@code put}
	 */
	public static Reply message(byte[] message) {
		return message(null, message);
	}

	/**
	 * A reply carrying a message, with the request's id if it had one: {@code {"id": id, "message": message}}.
	 */
	public static Reply message(byte @Nullable [] id, byte[] message) {
		return message(head(id), message, CLOSE);
	}

	/**
	 * A reply carrying a message and its metadata, for a read that asked for them:
	 * {@code {"id": id, "message": message, "seq": sequence, "sent": S, "headers": headers}}, without the id if the
	 * request had none and without the headers if the put had none.
	 * @param sentMillis when the message was put, in milliseconds since the epoch; it goes on the wire as seconds
	 * with three decimals, as Python's {@code time.time()} counts them
	 * @param headers the put's headers as one encoded JSON object, as they were put
	 */
	public static Reply message(byte @Nullable [] id, byte[] message, long sequence, long sentMillis,
			byte @Nullable [] headers) {
		return message(head(id), message, metadata(sequence, sentMillis, NOTHING, headers));
	}

	/**
	 * A reply carrying a message read by a work-queue group, with its metadata as a read with {@code meta} has it
	 * and what the group knows of it: {@code {"id": id, "message": message, "seq": sequence, "sent": S,
	 * "first_retrieved": F, "retrieval_count": C, "headers": headers}}, without the id and the headers where there
	 * are none, {@code first_retrieved} null for a message the group has never claimed (a peek).
	 * @param firstRetrievedMillis when the group first claimed the message, in milliseconds since the epoch; 0 if it
	 * never did
	 */
	public static Reply groupMessage(byte @Nullable [] id, byte[] message, long sequence, long sentMillis,
			byte @Nullable [] headers, long firstRetrievedMillis, int retrievalCount) {
		byte[] retrievals = ascii(", \"first_retrieved\": "
				+ ((firstRetrievedMillis != 0) ? seconds(firstRetrievedMillis) : "null") + ", \"retrieval_count\": "
				+ retrievalCount);
		return message(head(id), message, metadata(sequence, sentMillis, retrievals, headers));
	}

	/**
	 * The end of a reply with metadata: the sequence number, when it was put, what the caller adds, the headers.
	 */
	private static byte[] metadata(long sequence, long sentMillis, byte[] more, byte @Nullable [] headers) {
		byte[] known = join(SEQ_INFIX, ascii(Long.toString(sequence)), SENT_INFIX, ascii(seconds(sentMillis)), more);
		return (headers != null) ? join(known, HEADERS_INFIX, headers, CLOSE) : join(known, CLOSE);
	}

	private static byte[] head(byte @Nullable [] id) {
		return (id != null) ? join(ID_PREFIX, id, MESSAGE_INFIX) : MESSAGE_PREFIX;
	}

	private static Reply message(byte[] head, byte[] message, byte[] tail) {
		if (message.length < LARGE_MESSAGE) {
			return new Reply(join(head, message, tail));
		}
		return new Reply(new byte[][] { head, message, tail }, head.length + message.length + tail.length, null,
				false, false);
	}

	private static String seconds(long millis) {
		return BigDecimal.valueOf(millis, 3).toPlainString();
	}

	/**
	 * The reply to a read that found nothing: {@code {"message": ""}}.
	 */
	public static Reply empty() {
		return EMPTY;
	}

	/**
	 * The reply to a read that found nothing, with the request's id if it had one: {@code {"id": id}} has no message,
	 * so that it differs from a message that is an empty string.
	 */
	public static Reply empty(byte @Nullable [] id) {
		return (id != null) ? new Reply(join(ID_PREFIX, id, CLOSE)) : EMPTY;
	}

	/**
	 * The acknowledgement of a request with an id that has no other reply: {@code {"id": id, "ok": true}}.
	 */
	public static Reply ok(byte[] id) {
		return new Reply(join(ID_PREFIX, id, OK_SUFFIX));
	}

	/**
	 * The acknowledgement of a put with an id, once stored: {@code {"id": id, "ok": true, "seq": sequence}}, the
	 * sequence number telling the writer where its message is, for reads with {@code after} and group deletes.
	 */
	public static Reply stored(byte[] id, long sequence) {
		return new Reply(join(ID_PREFIX, id, STORED_INFIX, ascii(Long.toString(sequence)), CLOSE));
	}

	/**
	 * The acknowledgement of a request that is always answered, with the request's id if it had one:
	 * {@code {"id": id, "ok": true}}, else {@code {"ok": true}}.
	 */
	public static Reply acknowledged(byte @Nullable [] id) {
		return (id != null) ? ok(id) : OK;
	}

	/**
	 * An error reply, {@code {"message": "", "error": reason}}, after which the connection stays open.
	 */
	public static Reply error(String reason) {
		return error(null, reason);
	}

	/**
	 * An error reply after which the connection stays open: {@code {"id": id, "error": reason}} for a request with an
	 * id, else dsmq's shape, {@code {"message": "", "error": reason}}.
	 */
	public static Reply error(byte @Nullable [] id, String reason) {
		return new Reply((id != null) ? join(ID_PREFIX, id, ERROR_INFIX, quoted(reason), CLOSE)
				: join(EMPTY_MESSAGE_ERROR_PREFIX, quoted(reason), CLOSE));
	}

	/**
	 * An error reply after which the connection is closed: framing was lost, or the connection is not served.
	 * @param reason why, which the codec may tell the peer in its own way too (a WebSocket close code)
	 * @param detail what was wrong, for the peer
	 */
	public static Reply fatal(RejectReason reason, String detail) {
		byte[] body = join(EMPTY_MESSAGE_ERROR_PREFIX, quoted(detail), CLOSE);
		return new Reply(new byte[][] { body }, body.length, reason, false, false);
	}

	/**
	 * A reply of a generation's own whose body is the given parts in order, such as a tinyMQ protobuf message and the
	 * message it carries: framed by the codec like every reply, a large part written from where it is held rather than
	 * copied.
	 */
	public static Reply of(byte[]... parts) {
		int length = 0;
		boolean allSmall = true;
		for (byte[] part : parts) {
			length += part.length;
			allSmall &= part.length < LARGE_MESSAGE;
		}
		return allSmall ? new Reply(join(parts)) : new Reply(parts.clone(), length, null, false, false);
	}

	/**
	 * What a codec asks the connection to write of its own, such as a WebSocket pong, written as it is.
	 */
	public static Reply control(Control control) {
		return new Reply(new byte[][] { control.bytes() }, control.bytes().length, null, true,
				control.closesConnection());
	}

	private static byte[] quoted(String text) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 8);
		try (JsonGenerator generator = Json.FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
			generator.writeString(text);
		}
		return out.toByteArray();
	}

	private static byte[] join(byte[]... parts) {
		int length = 0;
		for (byte[] part : parts) {
			length += part.length;
		}
		byte[] joined = new byte[length];
		int offset = 0;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, joined, offset, part.length);
			offset += part.length;
		}
		return joined;
	}

	/**
	 * Several replies framed by a codec, to be written together: the small parts side by side in one piece, a large
	 * message apart, and after a reply that closes the connection the codec's closing bytes, which stand alone where
	 * the codec {@linkplain Codec#sendsErrorReplies() sends no error replies}. It ends the connection if the last one
	 * does.
	 */
	public static Reply framed(List<Reply> replies, Codec codec) {
		Reply last = replies.get(replies.size() - 1);
		if (replies.size() == 1 && last.framed) {
			return last;
		}
		byte[][] headers = new byte[replies.size()][];
		byte[][] closings = new byte[replies.size()][];
		int total = 0;
		boolean allSmall = true;
		byte[][][] bodies = new byte[replies.size()][][];
		for (int i = 0; i < headers.length; i++) {
			Reply reply = replies.get(i);
			boolean sent = reply.closeReason == null || codec.sendsErrorReplies();
			bodies[i] = sent ? reply.parts : NO_PARTS;
			headers[i] = (reply.framed || !sent) ? NOTHING : codec.header(reply.length);
			closings[i] = (reply.closeReason != null) ? codec.closing(reply.closeReason) : NOTHING;
			total += headers[i].length + (sent ? reply.length : 0) + closings[i].length;
			for (byte[] part : bodies[i]) {
				allSmall &= part.length < LARGE_MESSAGE;
			}
		}
		if (allSmall) {
			// the common case, replies without a large message: one array, each byte copied once
			byte[] joined = new byte[total];
			int offset = 0;
			for (int i = 0; i < headers.length; i++) {
				offset = copy(headers[i], joined, offset);
				for (byte[] part : bodies[i]) {
					offset = copy(part, joined, offset);
				}
				offset = copy(closings[i], joined, offset);
			}
			return new Reply(new byte[][] { joined }, total, null, true, last.ends);
		}
		List<byte[]> parts = new ArrayList<>();
		ByteArrayOutputStream small = new ByteArrayOutputStream(128);
		for (int i = 0; i < headers.length; i++) {
			small.writeBytes(headers[i]);
			for (byte[] part : bodies[i]) {
				if (part.length >= LARGE_MESSAGE) {
					parts.add(small.toByteArray());
					small.reset();
					parts.add(part);
				}
				else {
					small.writeBytes(part);
				}
			}
			small.writeBytes(closings[i]);
		}
		parts.add(small.toByteArray());
		parts.removeIf((part) -> part.length == 0);
		return new Reply(parts.toArray(byte[][]::new), total, null, true, last.ends);
	}

	private static int copy(byte[] from, byte[] to, int offset) {
		System.arraycopy(from, 0, to, offset, from.length);
		return offset + from.length;
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * Write the reply: each part in one write, so a reply without a large message leaves in one piece.
	 */
	public void writeTo(OutputStream out) throws IOException {
		for (byte[] part : this.parts) {
			out.write(part);
		}
	}

	/**
	 * The bytes of the whole reply: its body, or once {@linkplain #framed framed}, every frame.
	 */
	public int length() {
		return this.length;
	}

	/**
	 * The whole reply in one array: its body, or once {@linkplain #framed framed}, every frame in order.
	 */
	public byte[] bytes() {
		if (this.parts.length == 1) {
			return this.parts[0];
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(this.length);
		for (byte[] part : this.parts) {
			bytes.writeBytes(part);
		}
		return bytes.toByteArray();
	}

	/**
	 * Whether the connection is closed once this reply is written.
	 */
	public boolean closesConnection() {
		return this.ends;
	}

}
