package dev.dsmq.server.tcp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import dev.dsmq.server.protocol.ClientText;
import dev.dsmq.server.protocol.Codec;
import dev.dsmq.server.protocol.Detection;
import dev.dsmq.server.protocol.FrameCodec;
import dev.dsmq.server.protocol.Generation;
import dev.dsmq.server.protocol.HeaderlessCodec;
import dev.dsmq.server.protocol.RejectReason;
import dev.dsmq.server.protocol.TinyMqCodec;
import dev.dsmq.server.protocol.TinyMqPath;
import dev.dsmq.server.protocol.TruncatedFrameException;
import dev.dsmq.server.protocol.WebSocketCodec;
import dev.dsmq.server.protocol.WebSocketHandshake;
import org.jspecify.annotations.Nullable;

/**
 * Chooses each connection's codec from its first bytes, and sets it up: a codec that keeps state of its stream is
 * made for the connection alone, and a WebSocket upgrade is completed first.
 */
final class Codecs {

	private static final byte[] NOTHING = {};

	private final int maxBodyLength;

	private final int maxHandshakeLength;

	private final int maxFramesPerMessage;

	private final int maxTopicLength;

	/** The 0.7 codec keeps no state of a stream, so every connection shares it. */
	private final FrameCodec framed;

	/**
	 * Create the codecs.
	 * @param maxBodyLength the longest request body, message or object accepted, in bytes
	 * @param maxHandshakeLength the longest request head of a WebSocket upgrade accepted, in bytes
	 * @param maxFramesPerMessage the most frames one WebSocket message may take
	 * @param maxTopicLength the longest topic a tinyMQ path may name, in UTF-8 bytes
	 */
	Codecs(int maxBodyLength, int maxHandshakeLength, int maxFramesPerMessage, int maxTopicLength) {
		this.maxBodyLength = maxBodyLength;
		this.maxHandshakeLength = maxHandshakeLength;
		this.maxFramesPerMessage = maxFramesPerMessage;
		this.maxTopicLength = maxTopicLength;
		this.framed = new FrameCodec(maxBodyLength);
	}

	/**
	 * Read a connection's first bytes, which stay in the stream, and choose its codec.
	 * @throws IOException if the stream ends or fails before the generation is known, or a read times out
	 */
	Chosen choose(ConnectionInput in) throws IOException {
		Generation generation = Detection.detect(in);
		if (generation == null) {
			return Chosen.refused(null, NOTHING, RejectReason.UNKNOWN_PROTOCOL,
					"first bytes are none of dsmq 0.1-0.4 JSON, dsmq 0.7 framing or a WebSocket upgrade");
		}
		return switch (generation) {
			case FRAMED -> Chosen.of(this.framed, NOTHING);
			case HEADERLESS -> Chosen.of(new HeaderlessCodec(this.maxBodyLength), NOTHING);
			// the first bytes tell an HTTP request; the upgrade's path tells dsmq 1.x from tinyMQ
			case WEBSOCKET, TINYMQ -> upgrade(in);
		};
	}

	/**
	 * Answer an HTTP request that starts a connection: a WebSocket upgrade to dsmq 1.x at {@code /} or to tinyMQ at
	 * {@code /<topic>}, or an HTTP error. A peer that closes inside the request head is refused with no answer, as one
	 * that closes inside a frame is.
	 */
	private Chosen upgrade(ConnectionInput in) throws IOException {
		WebSocketHandshake.Outcome outcome;
		try {
			outcome = WebSocketHandshake.read(in, this.maxHandshakeLength);
		}
		catch (TruncatedFrameException ex) {
			// a frame cut short is counted where the connection reads with its codec, which it has not got yet
			return Chosen.refused(Generation.WEBSOCKET, NOTHING, RejectReason.TRUNCATED_FRAME,
					Objects.requireNonNullElse(ex.getMessage(), "stream closed inside the request head"));
		}
		if (outcome instanceof WebSocketHandshake.Refused refused) {
			return Chosen.refused(Generation.WEBSOCKET, refused.response(), refused.reason(), refused.detail());
		}
		WebSocketHandshake.Accepted accepted = (WebSocketHandshake.Accepted) outcome;
		if (accepted.isDsmq()) {
			return Chosen.of(new WebSocketCodec(this.maxBodyLength, this.maxFramesPerMessage), accepted.response());
		}
		return tinyMq(accepted);
	}

	/**
	 * Accept an upgrade to tinyMQ whose path names a topic a request could name, or refuse it with a {@code 400}.
	 */
	private Chosen tinyMq(WebSocketHandshake.Accepted accepted) {
		String topic;
		try {
			topic = TinyMqPath.topic(accepted.path());
		}
		catch (IllegalArgumentException ex) {
			return refusedTopic(Objects.requireNonNullElse(ex.getMessage(), "no topic"), accepted.path());
		}
		int length = topic.getBytes(StandardCharsets.UTF_8).length;
		if (length > this.maxTopicLength) {
			return refusedTopic("topic of " + length + " bytes exceeds the " + this.maxTopicLength
					+ "-byte limit (dsmq.max-topic-length)", accepted.path());
		}
		return Chosen.of(new TinyMqCodec(topic, this.maxBodyLength, this.maxFramesPerMessage), accepted.response());
	}

	private static Chosen refusedTopic(String why, String path) {
		return Chosen.refused(Generation.TINYMQ, WebSocketHandshake.errorResponse(400, why), RejectReason.BAD_HANDSHAKE,
				why + ": " + ClientText.quote(path));
	}

	/**
	 * What was chosen: a codec and what to write before any reply, or, for a connection that cannot be served, what
	 * to answer before it is closed and why. A connection refused has no codec, but its first bytes may have told its
	 * generation all the same, as those of an HTTP request that is no upgrade do, and its refusal is counted in it.
	 * @param generation the generation the first bytes told, null if they told none
	 */
	record Chosen(@Nullable Generation generation, @Nullable Codec codec, byte[] response,
			@Nullable RejectReason reason, String detail) {

		static Chosen of(Codec codec, byte[] response) {
			return new Chosen(codec.generation(), codec, response, null, "");
		}

		static Chosen refused(@Nullable Generation generation, byte[] response, RejectReason reason, String detail) {
			return new Chosen(generation, null, response, reason, detail);
		}

	}

}
