package dev.dsmq.server.protocol;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;

/**
 * The replies a tinyMQ connection gets, each one protobuf message for {@link TinyMqCodec} to frame:
 * {@code ConnStatus}, {@code Ack} and {@code ContentRead}.
 */
public final class TinyMqReplies {

	/** {@code ConnStatus}: the connection is open. */
	static final long OPEN = 1000;

	/** {@code ConnStatus}: the topic has a consumer already; the server closes. */
	static final long TOPIC_HAS_CONSUMER = 4000;

	/** {@code ContentRead}: a message. */
	static final long MESSAGE = 2000;

	/** {@code ContentRead}: no message. */
	static final long EMPTY = 2001;

	/** The body of a {@code ContentRead} that carries no message: tinyMQ's own server sends one zero byte. */
	private static final byte[] NO_MESSAGE = { 0 };

	private static final Reply OPENED = Reply.of(TinyMqWire.connStatus(OPEN));

	private static final Reply CONSUMER_TAKEN = Reply.of(TinyMqWire.connStatus(TOPIC_HAS_CONSUMER));

	private static final Reply NOTHING = Reply.of(TinyMqWire.contentReadHead(0, EMPTY, NO_MESSAGE.length),
			NO_MESSAGE);

	private TinyMqReplies() {
	}

	/**
	 * {@code ConnStatus{1000}}: the connection is open.
	 */
	public static Reply opened() {
		return OPENED;
	}

	/**
	 * {@code ConnStatus{4000}}: the topic has a consumer already. A close must follow it.
	 */
	public static Reply topicHasConsumer() {
		return CONSUMER_TAKEN;
	}

	/**
	 * {@code Ack{id}}: a write is stored.
	 */
	public static Reply ack(long id) {
		return Reply.of(TinyMqWire.ack(id));
	}

	/**
	 * {@code ContentRead{0, 2001, 0x00}}: no message for the consumer now.
	 */
	public static Reply empty() {
		return NOTHING;
	}

	/**
	 * {@code ContentRead{id, 2000, body}}: a message for the consumer. A JSON string goes as its text, any other
	 * value as its JSON text. The id is the one a tinyMQ producer gave it, kept in the {@value TinyMqCodec#ID_HEADER}
	 * header, else the low 32 bits of its sequence number.
	 * @param message the message as one encoded JSON value, as it was put
	 * @param headers the put's headers as one encoded JSON object, null if it had none
	 */
	public static Reply message(byte[] message, byte @Nullable [] headers, long sequence) {
		byte[] body = JsonStrings.isString(message) ? JsonStrings.decode(message) : message;
		return Reply.of(TinyMqWire.contentReadHead(idOf(headers, sequence), MESSAGE, body.length), body);
	}

	/**
	 * A close frame with status 1011 and the reason, after which the connection ends: something went wrong on the
	 * server's side, which tinyMQ has no other way to tell.
	 */
	public static Reply internalError(String reason) {
		return Reply.control(new Control(WebSocketFrames.close(WebSocketFrames.INTERNAL_ERROR, reason), true));
	}

	/**
	 * Return the id of a message for a consumer: its {@value TinyMqCodec#ID_HEADER} header where that is a
	 * {@code fixed32} in decimal, else the low 32 bits of the sequence number.
	 */
	static long idOf(byte @Nullable [] headers, long sequence) {
		long id = sequence & 0xFFFF_FFFFL;
		if (headers == null) {
			return id;
		}
		try (JsonParser parser = Json.FACTORY.createParser(ObjectReadContext.empty(), headers)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return id;
			}
			String name;
			while ((name = parser.nextName()) != null) {
				JsonToken value = parser.nextToken();
				if (TinyMqCodec.ID_HEADER.equals(name) && value == JsonToken.VALUE_STRING) {
					id = fixed32(parser.getString(), id);
				}
				parser.skipChildren();
			}
		}
		return id;
	}

	private static long fixed32(String text, long otherwise) {
		if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			return otherwise;
		}
		long value = Long.parseLong(text);
		return (value <= 0xFFFF_FFFFL) ? value : otherwise;
	}

}
