package dev.dsmq.server.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;

/**
 * A reply frame, header included, ready to be written in one piece.
 */
public final class Reply {

	private static final byte[] MESSAGE_PREFIX = "{\"message\": ".getBytes(StandardCharsets.US_ASCII);

	private static final Reply EMPTY = message("\"\"".getBytes(StandardCharsets.US_ASCII));

	private final byte[] frame;

	private final boolean closesConnection;

	private Reply(byte[] frame, boolean closesConnection) {
		this.frame = frame;
		this.closesConnection = closesConnection;
	}

	/**
	 * A reply carrying a message.
	 * @param message the message as one encoded JSON value, as it arrived in the {@code put}
	 */
	public static Reply message(byte[] message) {
		int bodyLength = MESSAGE_PREFIX.length + message.length + 1;
		byte[] frame = new byte[FrameHeader.LENGTH + bodyLength];
		FrameHeader.write(frame, bodyLength);
		System.arraycopy(MESSAGE_PREFIX, 0, frame, FrameHeader.LENGTH, MESSAGE_PREFIX.length);
		System.arraycopy(message, 0, frame, FrameHeader.LENGTH + MESSAGE_PREFIX.length, message.length);
		frame[frame.length - 1] = '}';
		return new Reply(frame, false);
	}

	/**
	 * The reply to a read that found nothing: {@code {"message": ""}}.
	 */
	public static Reply empty() {
		return EMPTY;
	}

	/**
	 * An error reply, {@code {"message": "", "error": reason}}, after which the connection stays open.
	 */
	public static Reply error(String reason) {
		return new Reply(errorFrame(reason), false);
	}

	/**
	 * An error reply after which the connection is closed, because framing was lost.
	 */
	public static Reply fatal(String reason) {
		return new Reply(errorFrame(reason), true);
	}

	private static byte[] errorFrame(String reason) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(64 + reason.length());
		out.write(new byte[FrameHeader.LENGTH], 0, FrameHeader.LENGTH);
		try (JsonGenerator generator = Json.FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
			generator.writeStartObject();
			generator.writeStringProperty("message", "");
			generator.writeStringProperty("error", reason);
			generator.writeEndObject();
		}
		byte[] frame = out.toByteArray();
		FrameHeader.write(frame, frame.length - FrameHeader.LENGTH);
		return frame;
	}

	/**
	 * Several replies as one, to be written in one piece; it closes the connection if the last one does.
	 */
	public static Reply combine(List<Reply> replies) {
		if (replies.size() == 1) {
			return replies.get(0);
		}
		int length = 0;
		for (Reply reply : replies) {
			length += reply.frame.length;
		}
		byte[] frames = new byte[length];
		int offset = 0;
		for (Reply reply : replies) {
			System.arraycopy(reply.frame, 0, frames, offset, reply.frame.length);
			offset += reply.frame.length;
		}
		return new Reply(frames, replies.get(replies.size() - 1).closesConnection);
	}

	/**
	 * The whole frame, header and body; for a combined reply, every frame in order.
	 */
	public byte[] frame() {
		return this.frame;
	}

	/**
	 * Whether the connection is closed once this reply is written.
	 */
	public boolean closesConnection() {
		return this.closesConnection;
	}

}
