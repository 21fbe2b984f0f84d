package dev.dsmq.server.protocol;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import dev.dsmq.server.WireArbitraries;
import dev.dsmq.server.WireArbitraries.Mutation;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * However a client fragments its messages, wherever it puts control frames between the fragments, and however the
 * bytes are split into reads, the codec hands on the same messages in order, a pong for each ping, and the end of
 * the stream; whatever bytes follow a handshake, it hands on bodies, controls and at most one framing error, or
 * reports the end of the stream with a {@link SoftEndOfStreamException} (between messages) or an
 * {@link IOException} (within one), and never throws anything else.
 */
class WebSocketCodecPropertyTests {

	/** The server's defaults, dsmq.websocket.max-handshake-size and max-frames-per-message. */
	private static final int MAX_HEAD_LENGTH = 8192;

	private static final int MAX_FRAMES_PER_MESSAGE = 1024;

	private static final String HANDSHAKE = "GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
			+ "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

	@Property(tries = 400)
	void messagesFragmentedAnyWayAndReadAnyWayDecodeToTheSameMessages(@ForAll("scripts") Script script,
			@ForAll Delivery delivery, @ForAll @IntRange(min = 1, max = 64) int chunkSize) {
		Outcome outcome = readToEnd(new WebSocketCodec(FrameHeader.MAX_BODY_LENGTH, MAX_FRAMES_PER_MESSAGE),
				delivery.stream(script.bytes(), chunkSize));
		assertThat(outcome.items()).containsExactlyElementsOf(script.expected());
		assertThat(outcome.end()).isInstanceOf(SoftEndOfStreamException.class);
	}

	@Property(tries = 300)
	void cutStreamsYieldEveryWholeMessageThenTellACleanEndFromACut(@ForAll("scripts") Script script,
			@ForAll @IntRange(min = 0, max = 1_000_000) int cutPoint, @ForAll Delivery delivery,
			@ForAll @IntRange(min = 1, max = 64) int chunkSize) {
		int cut = cutPoint % (script.bytes().length + 1);
		Outcome outcome = readToEnd(new WebSocketCodec(FrameHeader.MAX_BODY_LENGTH, MAX_FRAMES_PER_MESSAGE),
				delivery.stream(Arrays.copyOf(script.bytes(), cut), chunkSize));
		int whole = 0;
		while (whole < script.unitEnds().size() && script.unitEnds().get(whole) <= cut) {
			whole++;
		}
		assertThat(outcome.items()).containsExactlyElementsOf(script.expectedOfUnits(whole));
		if (cut == 0 || (whole > 0 && script.unitEnds().get(whole - 1) == cut)) {
			assertThat(outcome.end()).isInstanceOf(SoftEndOfStreamException.class);
		}
		else {
			assertThat(outcome.end()).isInstanceOf(TruncatedFrameException.class);
		}
	}

	@Property(tries = 500)
	void anyBytesAfterAHandshakeAreReadAsRequestsControlsAndAtMostOneFramingErrorOrTheEnd(
			@ForAll("hostileStreams") byte[] afterHandshake, @ForAll("maxMessageLengths") int maxMessageLength,
			@ForAll Delivery delivery, @ForAll @IntRange(min = 1, max = 64) int chunkSize) throws IOException {
		InputStream in = delivery
			.stream(ClientFrames.concat(HANDSHAKE.getBytes(StandardCharsets.US_ASCII), afterHandshake), chunkSize);
		assertThat(WebSocketHandshake.read(in, MAX_HEAD_LENGTH)).isInstanceOf(WebSocketHandshake.Accepted.class);
		Outcome outcome = readToEnd(new WebSocketCodec(maxMessageLength, MAX_FRAMES_PER_MESSAGE), in);
		outcome.bodies().forEach((body) -> assertThat(body).hasSizeLessThanOrEqualTo(maxMessageLength));
	}

	@Property(tries = 500)
	void anyRequestHeadIsAcceptedOrRefusedOrCutShort(@ForAll("requestHeads") byte[] head, @ForAll Delivery delivery,
			@ForAll @IntRange(min = 1, max = 64) int chunkSize) {
		try {
			WebSocketHandshake.Outcome outcome = WebSocketHandshake.read(delivery.stream(head, chunkSize),
					MAX_HEAD_LENGTH);
			assertThat(outcome.response()).isNotEmpty();
		}
		catch (IOException ex) {
			assertThat(ex).isInstanceOf(TruncatedFrameException.class);
		}
	}

	/**
	 * Call {@code readBatch} as a connection does until the stream ends or the batch ends the connection, checking
	 * each batch. Any exception but the two that end a stream escapes and fails the property.
	 */
	private static Outcome readToEnd(WebSocketCodec codec, InputStream in) {
		List<String> items = new ArrayList<>();
		List<byte[]> bodies = new ArrayList<>();
		while (true) {
			List<Object> batch;
			try {
				batch = codec.readBatch(in);
			}
			catch (IOException | SoftEndOfStreamException ex) {
				return new Outcome(items, bodies, ex);
			}
			assertThat(batch).isNotEmpty().hasSizeLessThanOrEqualTo(FrameCodec.MAX_BATCH);
			for (Object item : batch.subList(0, batch.size() - 1)) {
				assertThat(item).as("only the last of a batch may end the connection")
					.isInstanceOfAny(byte[].class, Control.class);
				if (item instanceof Control control) {
					assertThat(control.closesConnection()).isFalse();
				}
			}
			for (Object item : batch) {
				assertThat(item).isInstanceOfAny(byte[].class, Control.class, FramingError.class);
				if (item instanceof byte[] body) {
					items.add("body " + HexFormat.of().formatHex(body));
					bodies.add(body);
				}
				else if (item instanceof Control control) {
					items.add("control " + HexFormat.of().formatHex(control.bytes()));
				}
				else {
					items.add(item.toString());
				}
			}
			Object last = batch.get(batch.size() - 1);
			if (last instanceof FramingError || (last instanceof Control control && control.closesConnection())) {
				return new Outcome(items, bodies, null);
			}
		}
	}

	private record Outcome(List<String> items, List<byte[]> bodies, @Nullable Exception end) {
	}

	@Provide
	Arbitrary<Script> scripts() {
		return Combinators.combine(units().list().ofMinSize(1).ofMaxSize(6), Arbitraries.longs()).as(Script::new);
	}

	private static Arbitrary<Unit> units() {
		Arbitrary<byte[]> controlPayloads = Arbitraries.bytes().array(byte[].class).ofMaxSize(125);
		Arbitrary<Unit> control = Combinators.combine(Arbitraries.of(ClientFrames.PING, ClientFrames.PONG), controlPayloads)
			.as((opcode, payload) -> new Unit(opcode, payload, new int[0], List.of()));
		Arbitrary<Integer> between = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(-1)),
				Tuple.of(1, Arbitraries.of(ClientFrames.PING, ClientFrames.PONG)));
		Arbitrary<Unit> message = Combinators
			.combine(messageBodies(), Arbitraries.integers().between(0, 1000).list().ofMaxSize(4),
					between.list().ofSize(4))
			.as((body, cuts, controls) -> Unit.message(body.get1(), body.get2(), cuts, controls));
		return Arbitraries.frequencyOf(Tuple.of(1, control), Tuple.of(5, message));
	}

	/**
	 * Text of any characters, multi-byte ones often cut between frames, or any bytes, sometimes long enough for a
	 * 64-bit length.
	 */
	private static Arbitrary<Tuple.Tuple2<Integer, byte[]>> messageBodies() {
		Arbitrary<byte[]> text = Arbitraries.strings().ofMaxLength(120).map(ClientFrames::utf8);
		Arbitrary<byte[]> binary = Arbitraries.frequencyOf(Tuple.of(3, WireArbitraries.randomBytes(300)),
				// made from a seed: jqwik would take seconds to generate and shrink so many bytes one by one
				Tuple.of(1, Arbitraries.integers().between(65_000, 70_000).map((length) -> {
					byte[] bytes = new byte[length];
					new Random(length).nextBytes(bytes);
					return bytes;
				})));
		return Arbitraries.oneOf(text.map((body) -> Tuple.of(ClientFrames.TEXT, body)),
				binary.map((body) -> Tuple.of(ClientFrames.BINARY, body)));
	}

	@Provide
	Arbitrary<byte[]> hostileStreams() {
		Arbitrary<byte[]> mutated = Combinators.combine(scripts(), WireArbitraries.mutations().list().ofMaxSize(4))
			.as((script, mutations) -> {
				byte[] bytes = script.bytes();
				for (Mutation mutation : mutations) {
					bytes = mutation.applyToBody(bytes);
				}
				return bytes;
			});
		// a frame's first two bytes of any kind, then any bytes: reaches every length form and mask bit
		Arbitrary<byte[]> anyHeader = Combinators
			.combine(Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 255),
					WireArbitraries.randomBytes(40))
			.as((first, second, rest) -> ClientFrames.concat(new byte[] { (byte) (int) first, (byte) (int) second }, rest));
		return Arbitraries.frequencyOf(Tuple.of(3, mutated), Tuple.of(2, anyHeader),
				Tuple.of(1, WireArbitraries.randomBytes(200)));
	}

	@Provide
	Arbitrary<byte[]> requestHeads() {
		byte[] valid = HANDSHAKE.getBytes(StandardCharsets.US_ASCII);
		Arbitrary<byte[]> mutated = WireArbitraries.mutations()
			.list()
			.ofMinSize(1)
			.ofMaxSize(4)
			.map((mutations) -> {
				byte[] bytes = valid;
				for (Mutation mutation : mutations) {
					bytes = mutation.applyToBody(bytes);
				}
				return bytes;
			});
		Arbitrary<byte[]> random = WireArbitraries.randomBytes(300)
			.map((tail) -> ClientFrames.concat("GET ".getBytes(StandardCharsets.US_ASCII), tail, "\r\n\r\n".getBytes(
					StandardCharsets.US_ASCII)));
		return Arbitraries.oneOf(mutated, random);
	}

	@Provide
	Arbitrary<Integer> maxMessageLengths() {
		return Arbitraries.oneOf(Arbitraries.integers().between(0, 300), Arbitraries.just(FrameHeader.MAX_BODY_LENGTH));
	}

	/**
	 * A control frame between messages, or a message with the frames it is cut into and a control frame, or none,
	 * after each but its last.
	 * @param opcode the control frame's opcode, or the message's
	 * @param cuts where the message is cut into frames, ascending, possibly repeated for empty frames
	 * @param controls for each cut, the opcode of the control frame sent there, or -1
	 */
	record Unit(int opcode, byte[] payload, int[] cuts, List<Integer> controls) {

		static Unit message(int opcode, byte[] body, List<Integer> permille, List<Integer> controls) {
			int[] cuts = permille.stream().mapToInt((p) -> (int) ((long) p * body.length / 1000)).sorted().toArray();
			return new Unit(opcode, body, cuts, controls);
		}

		boolean isMessage() {
			return this.opcode == ClientFrames.TEXT || this.opcode == ClientFrames.BINARY;
		}

		void writeTo(ByteArrayOutputStream out, Random random) {
			if (!isMessage()) {
				out.writeBytes(frame(random, 0x80 | this.opcode, this.payload));
				return;
			}
			int from = 0;
			for (int i = 0; i <= this.cuts.length; i++) {
				int to = (i < this.cuts.length) ? this.cuts[i] : this.payload.length;
				boolean last = i == this.cuts.length;
				out.writeBytes(frame(random, (last ? 0x80 : 0) | ((i == 0) ? this.opcode : ClientFrames.CONTINUATION),
						Arrays.copyOfRange(this.payload, from, to)));
				if (!last && this.controls.get(i) >= 0) {
					out.writeBytes(frame(random, 0x80 | this.controls.get(i), new byte[] { (byte) i }));
				}
				from = to;
			}
		}

		void expect(List<String> expected) {
			if (this.opcode == ClientFrames.PING) {
				expected.add("control " + HexFormat.of().formatHex(pong(this.payload)));
			}
			if (!isMessage()) {
				return;
			}
			for (int i = 0; i < this.cuts.length; i++) {
				if (this.controls.get(i) == ClientFrames.PING) {
					expected.add("control " + HexFormat.of().formatHex(pong(new byte[] { (byte) i })));
				}
			}
			expected.add("body " + HexFormat.of().formatHex(this.payload));
		}

		private static byte[] pong(byte[] payload) {
			return ClientFrames.concat(new byte[] { (byte) 0x8A, (byte) payload.length }, payload);
		}

		/**
		 * A masked frame with a random key, its length mostly in the shortest form, now and then in a longer one.
		 */
		private static byte[] frame(Random random, int firstByte, byte[] payload) {
			byte[] mask = new byte[4];
			random.nextBytes(mask);
			int lengthBytes = ClientFrames.shortestLengthBytes(payload.length);
			if (random.nextInt(5) == 0 && (firstByte & 0x8) == 0) {
				lengthBytes = (lengthBytes == 8 || random.nextBoolean()) ? 8 : 2;
			}
			return ClientFrames.frame(firstByte, payload, lengthBytes, mask);
		}

	}

	/**
	 * What a client sends, and what the server should hand on from it.
	 */
	record Script(List<Unit> units, long seed) {

		byte[] bytes() {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			Random random = new Random(this.seed);
			this.units.forEach((unit) -> unit.writeTo(out, random));
			return out.toByteArray();
		}

		/**
		 * Where each unit ends in {@link #bytes()}.
		 */
		List<Integer> unitEnds() {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			Random random = new Random(this.seed);
			List<Integer> ends = new ArrayList<>();
			for (Unit unit : this.units) {
				unit.writeTo(out, random);
				ends.add(out.size());
			}
			return ends;
		}

		List<String> expected() {
			return expectedOfUnits(this.units.size());
		}

		List<String> expectedOfUnits(int count) {
			List<String> expected = new ArrayList<>();
			this.units.subList(0, count).forEach((unit) -> unit.expect(expected));
			return expected;
		}

		@Override
		public String toString() {
			return "Script[" + this.units.size() + " units, " + bytes().length + " bytes, seed " + this.seed + "]";
		}

	}

	/**
	 * How the bytes reach the codec: all at once, in chunks from a stream without mark and reset, or through a
	 * buffer that tells the codec what it holds, as a connection's does.
	 */
	enum Delivery {

		WHOLE, CHUNKED, BUFFERED_FRAME_INPUT;

		InputStream stream(byte[] bytes, int chunkSize) {
			return switch (this) {
				case WHOLE -> new ByteArrayInputStream(bytes);
				case CHUNKED -> new Chunked(bytes, chunkSize);
				case BUFFERED_FRAME_INPUT -> new RecordingFrameInput(new Chunked(bytes, chunkSize), Long.MAX_VALUE);
			};
		}

	}

	private static final class Chunked extends InputStream {

		private final ByteArrayInputStream bytes;

		private final int chunkSize;

		Chunked(byte[] bytes, int chunkSize) {
			this.bytes = new ByteArrayInputStream(bytes);
			this.chunkSize = chunkSize;
		}

		@Override
		public int read() {
			return this.bytes.read();
		}

		@Override
		public int read(byte[] b, int off, int len) {
			return this.bytes.read(b, off, Math.min(len, this.chunkSize));
		}

		@Override
		public int available() {
			return Math.min(this.bytes.available(), this.chunkSize);
		}

	}

}
