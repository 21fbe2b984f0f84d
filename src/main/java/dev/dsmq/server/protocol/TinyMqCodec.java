package dev.dsmq.server.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Reads tinyMQ's protobuf messages from binary WebSocket messages, once the upgrade to {@code /<topic>} is done, and
 * frames the replies as binary frames. The framing is dsmq 1.x's ({@link WebSocketCodec}): fragments, control
 * frames, limits and their errors alike.
 * <p>
 * The first message must be a {@code ConnInit}; its role tells what every later one is: a producer's a
 * {@code ContentWrite}, a consumer's a {@code Poll}. A text message, a message that is not the one expected, a role
 * that is neither and a write whose body is not UTF-8 end the batch with a {@link FramingError}. A write's body is
 * stored as a JSON string, which is refused if it is longer than a message may be.
 * <p>
 * A tinyMQ client reads nothing but protobuf messages, so an error is told by the close frame alone, with the status
 * for its reason and the reason's tag.
 */
public final class TinyMqCodec implements Codec {

	/** The header that keeps a tinyMQ producer's id with its message, a decimal string. */
	public static final String ID_HEADER = "tinymq-id";

	private final String topic;

	private final int maxMessageLength;

	private final WebSocketCodec frames;

	/** Read and written by the connection's reading thread only. */
	private TinyMqRequest.@Nullable Role role;

	/**
	 * Create the codec of a connection to a topic.
	 * @param topic the topic the upgrade's path named, percent-decoded
	 * @param maxMessageLength the longest message, in bytes: the WebSocket message, and a write's body as a JSON string
	 * @param maxFramesPerMessage the most frames one message may take
	 */
	public TinyMqCodec(String topic, int maxMessageLength, int maxFramesPerMessage) {
		this.topic = Objects.requireNonNull(topic, "topic");
		this.maxMessageLength = maxMessageLength;
		this.frames = new WebSocketCodec(maxMessageLength, maxFramesPerMessage, this::read);
	}

	/**
	 * Return the topic the connection's path named.
	 */
	public String topic() {
		return this.topic;
	}

	@Override
	public List<Object> readBatch(InputStream in) throws IOException {
		return this.frames.readBatch(in);
	}

	private Object read(boolean text, byte[] body) {
		if (text) {
			return new FramingError(RejectReason.UNSUPPORTED_DATA, "text message of " + body.length
					+ " bytes: tinyMQ's messages are binary protobuf");
		}
		TinyMqRequest.Role role = this.role;
		try {
			if (role == null) {
				return init(body);
			}
			if (role == TinyMqRequest.Role.PRODUCER) {
				return write(body);
			}
			// a poll asks for the connection's topic, whatever its own field says
			TinyMqWire.read(TinyMqWire.POLL, body);
			return new TinyMqRequest.Poll(body.length);
		}
		catch (TinyMqWire.Malformed ex) {
			return new FramingError(RejectReason.MALFORMED_BODY,
					((role == null) ? "the first message must be a ConnInit: " : "") + ex.getMessage());
		}
	}

	private Object init(byte[] body) throws TinyMqWire.Malformed {
		@Nullable Object[] fields = TinyMqWire.read(TinyMqWire.CONN_INIT, body);
		long wireRole = (Long) Objects.requireNonNull(fields[0]);
		TinyMqRequest.Role role = TinyMqRequest.Role.of(wireRole);
		if (role == null) {
			return new FramingError(RejectReason.UNKNOWN_ROLE,
					"ConnInit role " + wireRole + " is neither 1 (producer) nor 2 (consumer)");
		}
		this.role = role;
		return new TinyMqRequest.Init(role, (byte[]) fields[2], body.length);
	}

	private Object write(byte[] body) throws TinyMqWire.Malformed {
		@Nullable Object[] fields = TinyMqWire.read(TinyMqWire.CONTENT_WRITE, body);
		long id = (Long) Objects.requireNonNull(fields[0]);
		byte[] text = (byte[]) Objects.requireNonNull(fields[2]);
		if (!Utf8.isValid(text)) {
			return new FramingError(RejectReason.MALFORMED_BODY,
					"ContentWrite body of " + text.length + " bytes is not valid UTF-8");
		}
		byte[] message = JsonStrings.encode(text);
		if (message.length > this.maxMessageLength) {
			return new FramingError(RejectReason.BODY_TOO_LARGE, "ContentWrite body of " + text.length + " bytes is "
					+ message.length + " bytes as a JSON string, over the " + this.maxMessageLength + "-byte limit");
		}
		byte[] headers = ("{\"" + ID_HEADER + "\": \"" + id + "\"}").getBytes(StandardCharsets.US_ASCII);
		return new TinyMqRequest.Write(id, message, headers, body.length);
	}

	/**
	 * Return the header of an unfragmented binary frame holding the reply.
	 */
	@Override
	public byte[] header(int bodyLength) {
		return WebSocketFrames.header(WebSocketFrameHeader.BINARY, bodyLength);
	}

	@Override
	public byte[] closing(RejectReason reason) {
		return this.frames.closing(reason);
	}

	@Override
	public byte[] goodbye() {
		return this.frames.goodbye();
	}

	@Override
	public boolean sendsErrorReplies() {
		return false;
	}

	@Override
	public Generation generation() {
		return Generation.TINYMQ;
	}

}
