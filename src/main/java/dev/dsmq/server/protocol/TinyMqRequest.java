package dev.dsmq.server.protocol;

import java.util.Locale;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A message a tinyMQ client sent, as {@link TinyMqCodec} read it: the {@code ConnInit} that opens the connection,
 * then a producer's writes or a consumer's polls.
 */
public sealed interface TinyMqRequest permits TinyMqRequest.Init, TinyMqRequest.Write, TinyMqRequest.Poll {

	/**
	 * Return the bytes of the WebSocket message it came in, for which room in memory was found.
	 */
	int length();

	/**
	 * What a tinyMQ connection is, as its {@code ConnInit} says.
	 */
	enum Role {

		/** Writes messages to the topic. */
		PRODUCER(1),

		/** Takes messages from the topic; a topic has one at a time. */
		CONSUMER(2);

		private final long wireValue;

		private final String tag = name().toLowerCase(Locale.ROOT);

		Role(long wireValue) {
			this.wireValue = wireValue;
		}

		/**
		 * Return the role of a {@code ConnInit}'s {@code role} field, or null if it names none.
		 */
		static @Nullable Role of(long wireValue) {
			for (Role role : values()) {
				if (role.wireValue == wireValue) {
					return role;
				}
			}
			return null;
		}

		/**
		 * The role as the dsmq endpoint shows it: {@code producer} or {@code consumer}.
		 */
		public String tag() {
			return this.tag;
		}

	}

	/**
	 * A {@code ConnInit}.
	 * @param authToken its {@code auth_token} as UTF-8 bytes, null if it had none; {@link #toString()} never shows it
	 */
	record Init(Role role, byte @Nullable [] authToken, int length) implements TinyMqRequest {

		public Init {
			Objects.requireNonNull(role, "role");
		}

		@Override
		public String toString() {
			return "Init[role=" + this.role.tag() + ", authToken=" + ((this.authToken != null) ? "(hidden)" : "none")
					+ ", length=" + this.length + "]";
		}

	}

	/**
	 * A producer's {@code ContentWrite}.
	 * @param id the client's id of the message, 0 to 4294967295, which its {@code Ack} carries
	 * @param message the body as the message is stored: one JSON string, encoded
	 * @param headers the headers stored with it, one encoded JSON object that keeps the id for consumers
	 */
	record Write(long id, byte[] message, byte[] headers, int length) implements TinyMqRequest {

		public Write {
			if (id < 0 || id > 0xFFFF_FFFFL) {
				throw new IllegalArgumentException("a tinyMQ id is 0 to 4294967295, not " + id);
			}
			Objects.requireNonNull(message, "message");
			Objects.requireNonNull(headers, "headers");
		}

		@Override
		public String toString() {
			return "Write[id=" + this.id + ", message=" + this.message.length + " bytes, headers=" + this.headers.length
					+ " bytes, length=" + this.length + "]";
		}

	}

	/**
	 * A consumer's {@code Poll}.
	 */
	record Poll(int length) implements TinyMqRequest {
	}

}
