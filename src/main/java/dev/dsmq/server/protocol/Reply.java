package dev.dsmq.server.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;

/**
 * A reply frame, header included, ready to be written: in one piece, or, where it carries a large message, as the
 * parts around the message and the message itself, which is never copied.
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

	private static final byte[] CLOSE = ascii("}");

	private static final Reply EMPTY = message(ascii("\"\""));

	private static final Reply OK = new Reply(frame(ascii("{\"ok\": true}")), false);

	/** Written in order; one part but for a large message. */
	private final byte[][] parts;

	private final int length;

	private final boolean closesConnection;

	private Reply(byte[] frame, boolean closesConnection) {
		this(new byte[][] { frame }, frame.length, closesConnection);
	}

	private Reply(byte[][] parts, int length, boolean closesConnection) {
		this.parts = parts;
		this.length = length;
		this.closesConnection = closesConnection;
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
		byte[][] head = (id != null) ? new byte[][] { ID_PREFIX, id, MESSAGE_INFIX } : new byte[][] { MESSAGE_PREFIX };
		if (message.length < LARGE_MESSAGE) {
			byte[][] all = new byte[head.length + 2][];
			System.arraycopy(head, 0, all, 0, head.length);
			all[head.length] = message;
			all[head.length + 1] = CLOSE;
			return new Reply(frame(all), false);
		}
		int headLength = 0;
		for (byte[] part : head) {
			headLength += part.length;
		}
		byte[] start = new byte[FrameHeader.LENGTH + headLength];
		FrameHeader.write(start, headLength + message.length + CLOSE.length);
		int offset = FrameHeader.LENGTH;
		for (byte[] part : head) {
			System.arraycopy(part, 0, start, offset, part.length);
			offset += part.length;
		}
		return new Reply(new byte[][] { start, message, CLOSE }, start.length + message.length + CLOSE.length, false);
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
		return (id != null) ? new Reply(frame(ID_PREFIX, id, CLOSE), false) : EMPTY;
	}

	/**
	 * The acknowledgement of a request with an id that has no other reply: {@code {"id": id, "ok": true}}.
	 */
	public static Reply ok(byte[] id) {
		return new Reply(frame(ID_PREFIX, id, OK_SUFFIX), false);
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
		byte[] frame = (id != null) ? frame(ID_PREFIX, id, ERROR_INFIX, quoted(reason), CLOSE)
				: frame(EMPTY_MESSAGE_ERROR_PREFIX, quoted(reason), CLOSE);
		return new Reply(frame, false);
	}

	/**
	 * An error reply after which the connection is closed, because framing was lost.
	 */
	public static Reply fatal(String reason) {
		return new Reply(frame(EMPTY_MESSAGE_ERROR_PREFIX, quoted(reason), CLOSE), true);
	}

	private static byte[] quoted(String text) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 8);
		try (JsonGenerator generator = Json.FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
			generator.writeString(text);
		}
		return out.toByteArray();
	}

	/**
	 * Join the parts of a body into a frame, header included.
	 */
	private static byte[] frame(byte[]... parts) {
		int bodyLength = 0;
		for (byte[] part : parts) {
			bodyLength += part.length;
		}
		byte[] frame = new byte[FrameHeader.LENGTH + bodyLength];
		FrameHeader.write(frame, bodyLength);
		int offset = FrameHeader.LENGTH;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, frame, offset, part.length);
			offset += part.length;
		}
		return frame;
	}

	/**
	 * Several replies as one, to be written together: the small parts side by side in one piece, a large message
	 * apart. It closes the connection if the last one does.
	 */
	public static Reply combine(List<Reply> replies) {
		if (replies.size() == 1) {
			return replies.get(0);
		}
		List<byte[]> parts = new ArrayList<>();
		ByteArrayOutputStream small = new ByteArrayOutputStream();
		int length = 0;
		for (Reply reply : replies) {
			for (byte[] part : reply.parts) {
				if (part.length >= LARGE_MESSAGE) {
					parts.add(small.toByteArray());
					small.reset();
					parts.add(part);
				}
				else {
					small.writeBytes(part);
				}
			}
			length += reply.length;
		}
		parts.add(small.toByteArray());
		parts.removeIf((part) -> part.length == 0);
		return new Reply(parts.toArray(byte[][]::new), length, replies.get(replies.size() - 1).closesConnection);
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
	 * The bytes of the whole reply.
	 */
	public int length() {
		return this.length;
	}

	/**
	 * The whole frame, header and body, in one array; for a combined reply, every frame in order.
	 */
	public byte[] frame() {
		if (this.parts.length == 1) {
			return this.parts[0];
		}
		ByteArrayOutputStream frame = new ByteArrayOutputStream(this.length);
		for (byte[] part : this.parts) {
			frame.writeBytes(part);
		}
		return frame.toByteArray();
	}

	/**
	 * Whether the connection is closed once this reply is written.
	 */
	public boolean closesConnection() {
		return this.closesConnection;
	}

}
