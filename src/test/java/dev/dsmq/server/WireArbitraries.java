package dev.dsmq.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generators of wire input for property tests: valid requests, JSON-ish bodies, random bytes, and frame sequences
 * mutated byte by byte, as a broken or hostile client would send them.
 */
public final class WireArbitraries {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final int HEADER_LENGTH = 23;

	/** Where the seven digits of {@code {"msg_length": NNNNNNN}} start. */
	private static final int DIGITS_OFFSET = 15;

	/** Pieces of request bodies, so that random bodies come close to valid ones and reach the parser's checks. */
	private static final List<String> JSON_TOKENS = List.of("{", "}", "[", "]", "\"", ":", ",", " ", "\"action\"",
			"\"topic\"", "\"message\"", "\"id\"", "\"wait\"", "\"put\"", "\"get\"", "\"get_latest\"", "\"shutdown\"",
			"\"t\"", "\"\"", "0", "1", "-1", "1e400", "-0.5e-3", "12345678901234567890", "null", "true", "false",
			"\"\\u00e9\"", "\"\\ud800\"", "\"\\udc00\\ud800\"", "\"\\\"\"", "\\", "\u00e9", "\ud83d\ude00", "\u0000",
			"NaN", "\n", "\"auth\"", "\"token\"", "[".repeat(100), "]".repeat(100));

	private WireArbitraries() {
	}

	/**
	 * Frame bodies of every kind: valid requests, JSON-ish text and random bytes.
	 */
	public static Arbitrary<byte[]> bodies() {
		return Arbitraries.frequencyOf(Tuple.of(4, validRequestBodies()), Tuple.of(4, jsonishBodies()),
				Tuple.of(2, randomBytes(64)), Tuple.of(1, deepBodies()));
	}

	public static Arbitrary<byte[]> randomBytes(int maxSize) {
		return Arbitraries.bytes().array(byte[].class).ofMaxSize(maxSize);
	}

	/**
	 * Sequences of JSON tokens, mostly ill-formed or not requests.
	 */
	public static Arbitrary<byte[]> jsonishBodies() {
		return Arbitraries.of(JSON_TOKENS)
			.list()
			.ofMaxSize(24)
			.map((tokens) -> String.join("", tokens).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Well-formed requests of every action but shutdown, some with the id and wait extensions.
	 */
	public static Arbitrary<byte[]> validRequestBodies() {
		Arbitrary<String> action = Arbitraries.of("put", "get", "get_latest", "auth");
		Arbitrary<Object> id = Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.integers().map(Object.class::cast),
				texts().map(Object.class::cast));
		Arbitrary<Object> wait = Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.just(0),
				Arbitraries.just(0.01));
		return Combinators.combine(action, topics(), messages(), id, wait).as((verb, topic, message, idValue, waitValue) -> {
			Map<String, Object> request = new LinkedHashMap<>();
			request.put("action", verb);
			request.put("topic", topic);
			if (verb.equals("put")) {
				request.put("message", message);
			}
			else if (verb.equals("auth")) {
				request.put("token", topic);
			}
			else if (waitValue != null) {
				request.put("wait", waitValue);
			}
			if (idValue != null) {
				request.put("id", idValue);
			}
			return json.writeValueAsBytes(request);
		});
	}

	/**
	 * Requests whose message nests about as deep as the server's limit of 1,000 levels allows, some with an id after
	 * it.
	 */
	public static Arbitrary<byte[]> deepBodies() {
		return Combinators.combine(Arbitraries.integers().between(995, 1005), Arbitraries.of("put", "get"),
				Arbitraries.of("", ", \"id\": 5")).as((depth, verb, id) -> ("{\"action\": \"" + verb
						+ "\", \"topic\": \"fuzz-deep\", \"message\": " + "[".repeat(depth) + "]".repeat(depth) + id + "}")
			.getBytes(StandardCharsets.UTF_8));
	}

	public static Arbitrary<String> topics() {
		return texts().map((topic) -> "fuzz-" + topic);
	}

	/**
	 * Messages as dsmq sends them, strings, and the other JSON values of the message extension.
	 */
	public static Arbitrary<Object> messages() {
		return Arbitraries.oneOf(texts().map(Object.class::cast), Arbitraries.integers().map(Object.class::cast),
				Arbitraries.just(null), texts().map((text) -> Map.of("text", text, "list", List.of(1, text))));
	}

	/**
	 * Text with quotes, escapes, control and multi-byte characters, and now and then a character outside the BMP.
	 */
	private static Arbitrary<String> texts() {
		Arbitrary<String> bmp = Arbitraries.strings()
			.withCharRange(' ', '~')
			.withChars('\u00e9', '\u20ac', '\n', '\u0000', '\u2028')
			.ofMaxLength(30);
		return Arbitraries.oneOf(bmp, bmp.map((text) -> text + "\ud83d\ude00" + text));
	}

	/**
	 * One to eight frames with well-formed headers, back to back.
	 */
	public static Arbitrary<FrameSequence> frameSequences() {
		return bodies().list().ofMinSize(1).ofMaxSize(8).map(FrameSequence::of);
	}

	/**
	 * Frame sequences with up to four byte-level mutations each, in headers and bodies alike.
	 */
	public static Arbitrary<byte[]> mutatedFrameSequences() {
		return Combinators.combine(frameSequences(), mutations().list().ofMaxSize(4))
			.as((sequence, mutations) -> sequence.mutate(mutations));
	}

	public static Arbitrary<Mutation> mutations() {
		return Combinators
			.combine(Arbitraries.of(Mutation.Kind.class), Arbitraries.integers().greaterOrEqual(0), Arbitraries.integers())
			.as(Mutation::new);
	}

	/**
	 * Frames back to back and where each one starts.
	 */
	public record FrameSequence(byte[] bytes, List<byte[]> bodies, int[] frameStarts) {

		static FrameSequence of(List<byte[]> bodies) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			int[] starts = new int[bodies.size()];
			for (int i = 0; i < bodies.size(); i++) {
				starts[i] = out.size();
				out.writeBytes(DsmqTestClient.frame(bodies.get(i)));
			}
			return new FrameSequence(out.toByteArray(), List.copyOf(bodies), starts);
		}

		byte[] mutate(List<Mutation> mutations) {
			byte[] mutated = this.bytes;
			for (Mutation mutation : mutations) {
				mutated = mutation.applyTo(mutated, this.frameStarts);
			}
			return mutated;
		}

		@Override
		public String toString() {
			return new String(this.bytes, StandardCharsets.UTF_8);
		}

	}

	/**
	 * One change to a byte sequence.
	 * @param kind what to do
	 * @param at where, taken modulo the length (or the number of frames, for a wrong length)
	 * @param value the byte to flip with or insert, or the new length
	 */
	public record Mutation(Kind kind, int at, int value) {

		public enum Kind {

			FLIP_BYTE, INSERT_BYTE, DELETE_BYTE, TRUNCATE, WRONG_LENGTH

		}

		/**
		 * Apply this mutation to a body on its own, where a wrong length overwrites seven bytes with digits.
		 */
		public byte[] applyToBody(byte[] body) {
			return applyTo(body, new int[] { 0 });
		}

		byte[] applyTo(byte[] bytes, int[] frameStarts) {
			if (bytes.length == 0) {
				return (this.kind == Kind.INSERT_BYTE) ? new byte[] { (byte) this.value } : bytes;
			}
			int position = this.at % bytes.length;
			return switch (this.kind) {
				case FLIP_BYTE -> {
					byte[] flipped = bytes.clone();
					flipped[position] ^= (byte) ((this.value & 0xff) == 0 ? 1 : this.value);
					yield flipped;
				}
				case INSERT_BYTE -> {
					byte[] inserted = new byte[bytes.length + 1];
					System.arraycopy(bytes, 0, inserted, 0, position);
					inserted[position] = (byte) this.value;
					System.arraycopy(bytes, position, inserted, position + 1, bytes.length - position);
					yield inserted;
				}
				case DELETE_BYTE -> {
					byte[] deleted = new byte[bytes.length - 1];
					System.arraycopy(bytes, 0, deleted, 0, position);
					System.arraycopy(bytes, position + 1, deleted, position, bytes.length - position - 1);
					yield deleted;
				}
				case TRUNCATE -> Arrays.copyOf(bytes, position);
				case WRONG_LENGTH -> withLength(bytes, frameStarts[this.at % frameStarts.length]);
			};
		}

		/**
		 * Rewrite a header's seven digits: mostly a length near a small body's, sometimes any that a header can say.
		 */
		private byte[] withLength(byte[] bytes, int frameStart) {
			if (frameStart + HEADER_LENGTH > bytes.length) {
				return bytes;
			}
			int bodyLength = (this.value % 5 == 0) ? Math.floorMod(this.value, 9_000_000) : Math.floorMod(this.value, 400);
			byte[] digits = String.valueOf(1_000_000 + bodyLength).getBytes(StandardCharsets.US_ASCII);
			byte[] changed = bytes.clone();
			System.arraycopy(digits, 0, changed, frameStart + DIGITS_OFFSET, digits.length);
			return changed;
		}

	}

	/**
	 * Concatenate byte arrays.
	 */
	public static byte[] concat(List<byte[]> parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		parts.forEach(out::writeBytes);
		return out.toByteArray();
	}

}
