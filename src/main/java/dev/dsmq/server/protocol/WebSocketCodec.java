package dev.dsmq.server.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

/**
 * Reads dsmq 1.x requests from WebSocket messages (RFC 6455) once the handshake is done, and frames the replies as
 * text frames.
 * <p>
 * A message is read whole, its fragments joined, and handed on as one body. The frame timeout bounds a message
 * from its first byte to its last, through all its fragments and the control frames between them. A ping is
 * answered by a pong, a close by a close; pongs are dropped. A frame that breaks RFC 6455, a message over the
 * limit (known from its frame headers, before any of it is read) and a text message that is not UTF-8 end the
 * batch with a {@link FramingError}.
 * <p>
 * tinyMQ's codec reads with the same framing, and makes its own of each whole message ({@link Messages}).
 */
public final class WebSocketCodec implements Codec {

	private final int maxMessageLength;

	private final int maxFramesPerMessage;

	private final Messages messages;

	/**
	 * Create a codec that refuses messages longer than the given number of bytes, or in more than the given number
	 * of frames.
	 * @param maxMessageLength the longest message, all its fragments together, in bytes
	 * @param maxFramesPerMessage the most frames one message may take, its fragments and the control frames among
	 * them: each is held until the message ends, even one that adds nothing to its length
	 */
	public WebSocketCodec(int maxMessageLength, int maxFramesPerMessage) {
		this(maxMessageLength, maxFramesPerMessage, WebSocketCodec::dsmqRequest);
	}

	/**
	 * Create a codec that hands on what the given function makes of each whole message: the framing of another
	 * generation over WebSocket, whose replies it frames itself.
	 */
	WebSocketCodec(int maxMessageLength, int maxFramesPerMessage, Messages messages) {
		if (maxMessageLength < 0) {
			throw new IllegalArgumentException("maximum message length of " + maxMessageLength + " bytes is negative");
		}
		if (maxFramesPerMessage < 1) {
			throw new IllegalArgumentException(
					"maximum of " + maxFramesPerMessage + " frames per message is not positive");
		}
		this.maxMessageLength = maxMessageLength;
		this.maxFramesPerMessage = maxFramesPerMessage;
		this.messages = messages;
	}

	/**
	 * Wait for the next message or control frame, then take every further one that has arrived in full. A message
	 * in fragments is not taken into a batch that has begun: it starts a batch of its own, so that a batch never
	 * waits for the rest of one.
	 */
	@Override
	public List<Object> readBatch(InputStream in) throws IOException {
		FrameInput input = (in instanceof FrameInput frameInput) ? frameInput : null;
		List<Object> batch = new ArrayList<>();
		int units = 0;
		// a pong asks for nothing: keep waiting for something that does
		while (batch.isEmpty()) {
			readUnit(in, input, batch, false);
			units++;
		}
		while (!endsConnection(batch.get(batch.size() - 1)) && units < FrameCodec.MAX_BATCH
				&& nextUnitHasArrived(in, input, units)) {
			readUnit(in, input, batch, true);
			units++;
		}
		return batch;
	}

	private static boolean endsConnection(@Nullable Object item) {
		return item instanceof FramingError || (item instanceof Control control && control.closesConnection());
	}

	/**
	 * Whether the next frame can be read without waiting: all of it is buffered and its payload finds room in
	 * memory now, or its header already shows that it is refused. Needs a stream that supports mark and reset;
	 * others are read one message at a time.
	 * <p>
	 * A stream may end between saying it holds the header and handing it out: a connection closed or drained from
	 * another thread. The batch read so far is then handed on, and the next read finds the end.
	 */
	private boolean nextUnitHasArrived(InputStream in, @Nullable FrameInput input, int read) throws IOException {
		if (!in.markSupported() || !FrameCodec.holds(in, input, 2, read)) {
			return false;
		}
		WebSocketFrameHeader header;
		int headerLength;
		in.mark(WebSocketFrameHeader.MAX_LENGTH);
		try {
			byte[] bytes = in.readNBytes(2);
			if (bytes.length < 2) {
				return false;
			}
			headerLength = WebSocketFrameHeader.length(bytes[1]);
			if (!FrameCodec.holds(in, input, headerLength - 2, read)) {
				return false;
			}
			bytes = Arrays.copyOf(bytes, headerLength);
			if (in.readNBytes(bytes, 2, headerLength - 2) < headerLength - 2) {
				return false;
			}
			header = WebSocketFrameHeader.parse(bytes);
		}
		finally {
			in.reset();
		}
		if (header.violation() != null || header.opcode() == WebSocketFrameHeader.CONTINUATION
				|| (!header.isControl() && header.payloadLength() > this.maxMessageLength)) {
			return true;
		}
		if (!header.isControl() && !header.fin()) {
			return false;
		}
		int payloadLength = (int) header.payloadLength();
		// a batch never waits for room while it holds some: the message is read with the next batch instead
		return FrameCodec.holds(in, input, headerLength + (long) payloadLength, read)
				&& (header.isControl() || input == null || input.admit(payloadLength, false));
	}

	/**
	 * Read one control frame between messages, or one message with the control frames among its fragments, and add
	 * what they ask for to the batch.
	 * @param admitted whether room for the payload of a frame that is a whole message has been found already
	 */
	private void readUnit(InputStream in, @Nullable FrameInput input, List<Object> batch, boolean admitted)
			throws IOException {
		boolean started = false;
		try {
			int first = in.read();
			if (first < 0) {
				throw new SoftEndOfStreamException("Stream closed between messages");
			}
			started = true;
			if (input != null) {
				input.frameStarted();
			}
			readRestOfUnit(first, in, input, batch, admitted);
		}
		catch (SocketTimeoutException ex) {
			batch.add(FramingError.timedOut(started, ex));
		}
		finally {
			if (input != null) {
				input.frameEnded();
			}
		}
	}

	private void readRestOfUnit(int first, InputStream in, @Nullable FrameInput input, List<Object> batch,
			boolean admitted) throws IOException {
		WebSocketMessage message = null;
		int next = first;
		int frames = 0;
		while (true) {
			boolean messageEnded = false;
			WebSocketFrameHeader header = WebSocketFrameHeader.read(next, in);
			// empty fragments and pings add nothing to a message's length, but each is held until it ends
			String violation = (++frames > this.maxFramesPerMessage) ? "message in more than "
					+ this.maxFramesPerMessage + " frames (dsmq.websocket.max-frames-per-message)"
					: violation(header, message);
			Object item;
			if (violation != null) {
				item = new FramingError(RejectReason.WEBSOCKET_PROTOCOL, violation);
			}
			else if (header.isControl()) {
				item = WebSocketControl.answer(header, readPayload(header, in, input));
			}
			else {
				message = (message != null) ? message : new WebSocketMessage(header.opcode());
				item = readFragment(header, message, in, admitted ? null : input);
				messageEnded = item != null;
			}
			if (item != null) {
				batch.add(item);
			}
			if (message == null || messageEnded || endsConnection(item)) {
				return;
			}
			if (input != null && input.buffered() == 0) {
				input.awaitingRestOfFrame();
			}
			next = in.read();
			if (next < 0) {
				throw new TruncatedFrameException(
						"stream closed inside a fragmented message after " + message.length() + " bytes");
			}
		}
	}

	/**
	 * Read a data frame's payload into its message.
	 * @param input where to find room for it, or {@code null} if it has been found already
	 * @return what the whole message is once this frame ends it, a {@link FramingError} if the message is refused,
	 * else {@code null}
	 */
	private @Nullable Object readFragment(WebSocketFrameHeader header, WebSocketMessage message, InputStream in,
			@Nullable FrameInput input) throws IOException {
		FramingError refusal = admit(header, message, input);
		if (refusal != null) {
			return refusal;
		}
		message.add(readPayload(header, in, input));
		return header.fin() ? this.messages.read(message.isText(), message.body()) : null;
	}

	private static @Nullable String violation(WebSocketFrameHeader header, @Nullable WebSocketMessage message) {
		String violation = header.violation();
		if (violation != null || header.isControl()) {
			return violation;
		}
		if (message == null && header.opcode() == WebSocketFrameHeader.CONTINUATION) {
			return "continuation frame with no message started";
		}
		if (message != null && header.opcode() != WebSocketFrameHeader.CONTINUATION) {
			return "new data frame (opcode 0x" + Integer.toHexString(header.opcode())
					+ ") inside a fragmented message";
		}
		return null;
	}

	/**
	 * Check the message's length with this frame against the limit, then find room for the frame's payload. Every
	 * frame of the batch's first message may wait for room: refusing the rest of a message that has begun would
	 * close the connection, where waiting is bounded by the frame timeout.
	 * @param input where to find room, or {@code null} if it has been found already
	 * @return a {@link FramingError} if the payload is not to be read, else {@code null}
	 */
	private @Nullable FramingError admit(WebSocketFrameHeader header, WebSocketMessage message,
			@Nullable FrameInput input) {
		long length = message.length() + header.payloadLength();
		if (length > this.maxMessageLength) {
			return new FramingError(RejectReason.BODY_TOO_LARGE, "message of " + (header.fin() ? "" : "at least ")
					+ length + " bytes exceeds the " + this.maxMessageLength + "-byte limit");
		}
		int payloadLength = (int) header.payloadLength();
		if (input != null && !input.admit(payloadLength, true)) {
			return new FramingError(RejectReason.IN_FLIGHT_LIMIT, "no room for a message of " + payloadLength
					+ " bytes: the server holds as many bytes in flight as it may (dsmq.max-in-flight-bytes)");
		}
		return null;
	}

	private static byte[] readPayload(WebSocketFrameHeader header, InputStream in, @Nullable FrameInput input)
			throws IOException {
		int length = (int) header.payloadLength();
		if (input != null && input.buffered() < length) {
			input.awaitingRestOfFrame();
		}
		// one array of the payload's size, unmasked in place: a message in one frame is handed on as it is read
		byte[] payload = new byte[length];
		int read = in.readNBytes(payload, 0, length);
		if (read < length) {
			throw new TruncatedFrameException("stream closed after " + read + " of " + length + " payload bytes");
		}
		header.unmask(payload);
		return payload;
	}

	/**
	 * A dsmq 1.x request: the message's body, whether it came as text or binary; text must be UTF-8.
	 */
	private static Object dsmqRequest(boolean text, byte[] body) {
		if (text && !Utf8.isValid(body)) {
			return new FramingError(RejectReason.MALFORMED_BODY, "text message of " + body.length
					+ " bytes is not valid UTF-8");
		}
		return body;
	}

	/**
	 * Return the header of an unfragmented text frame holding the reply.
	 */
	@Override
	public byte[] header(int bodyLength) {
		return WebSocketFrames.header(WebSocketFrameHeader.TEXT, bodyLength);
	}

	/**
	 * Return a close frame with the status for the reason, and the reason's tag as its text.
	 */
	@Override
	public byte[] closing(RejectReason reason) {
		return WebSocketFrames.close(WebSocketFrames.closeStatus(reason), reason.tag());
	}

	@Override
	public byte[] goodbye() {
		return WebSocketFrames.close(WebSocketFrames.NORMAL_CLOSURE, "");
	}

	@Override
	public Generation generation() {
		return Generation.WEBSOCKET;
	}

	/**
	 * What a whole data message, its fragments joined, is handed on as.
	 */
	@FunctionalInterface
	interface Messages {

		/**
		 * @param text whether the message came in text frames rather than binary ones
		 * @param body the message's bytes
		 * @return what goes into the batch for it: a request, or a {@link FramingError}, which ends the batch
		 */
		Object read(boolean text, byte[] body);

	}

}
