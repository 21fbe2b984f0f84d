package dev.dsmq.server.protocol;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;

import org.java_websocket.enums.Opcode;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

import static dev.dsmq.server.protocol.ClientFrames.BINARY;
import static dev.dsmq.server.protocol.ClientFrames.CLOSE;
import static dev.dsmq.server.protocol.ClientFrames.CONTINUATION;
import static dev.dsmq.server.protocol.ClientFrames.MASK;
import static dev.dsmq.server.protocol.ClientFrames.PING;
import static dev.dsmq.server.protocol.ClientFrames.PONG;
import static dev.dsmq.server.protocol.ClientFrames.TEXT;
import static dev.dsmq.server.protocol.ClientFrames.close;
import static dev.dsmq.server.protocol.ClientFrames.concat;
import static dev.dsmq.server.protocol.ClientFrames.frame;
import static dev.dsmq.server.protocol.ClientFrames.headerOnly;
import static dev.dsmq.server.protocol.ClientFrames.text;
import static dev.dsmq.server.protocol.ClientFrames.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * WebSocket frames byte by byte.
 */
class WebSocketCodecTests {

	/** The server's default, dsmq.websocket.max-frames-per-message. */
	private static final int MAX_FRAMES_PER_MESSAGE = 1024;

	private final WebSocketCodec codec = new WebSocketCodec(FrameHeader.MAX_BODY_LENGTH, MAX_FRAMES_PER_MESSAGE);

	@Test
	void readsAMaskedTextFrameAsItsBody() throws IOException {
		assertThat(this.codec.readBatch(stream(text("{\"action\": \"get\", \"topic\": \"t\"}"))))
			.containsExactly(utf8("{\"action\": \"get\", \"topic\": \"t\"}"));
	}

	@Test
	void readsTheRfcSampleMaskedFrame() throws IOException {
		// RFC 6455 5.7: a single-frame masked text message, "Hello"
		byte[] hello = { (byte) 0x81, (byte) 0x85, 0x37, (byte) 0xfa, 0x21, 0x3d, 0x7f, (byte) 0x9f, 0x4d, 0x51, 0x58 };
		assertThat(this.codec.readBatch(stream(hello))).containsExactly(utf8("Hello"));
	}

	@Test
	void readsABinaryFrameAsItsBody() throws IOException {
		byte[] body = { 0, (byte) 0xff, (byte) 0xc3, 0x28 };
		assertThat(this.codec.readBatch(stream(frame(true, BINARY, body)))).containsExactly(body);
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 125, 126, 127, 65535, 65536, 200_000 })
	void readsPayloadsOfEveryLengthForm(int length) throws IOException {
		byte[] body = body(length);
		assertThat(this.codec.readBatch(stream(frame(true, BINARY, body)))).containsExactly(body);
	}

	@Test
	void acceptsALengthWrittenInALongerFormThanNeeded() throws IOException {
		byte[] sixteenBit = frame(0x81, utf8("{}"), 2, MASK);
		byte[] sixtyFourBit = frame(0x81, utf8("[]"), 8, MASK);
		assertThat(this.codec.readBatch(new BufferedInputStream(stream(concat(sixteenBit, sixtyFourBit)))))
			.containsExactly(utf8("{}"), utf8("[]"));
	}

	@Test
	void joinsTheFragmentsOfAMessage() throws IOException {
		byte[] bytes = concat(frame(false, TEXT, utf8("{\"action\": ")), frame(false, CONTINUATION, utf8("\"get\", ")),
				frame(false, CONTINUATION, new byte[0]), frame(true, CONTINUATION, utf8("\"topic\": \"t\"}")));
		assertThat(this.codec.readBatch(stream(bytes)))
			.containsExactly(utf8("{\"action\": \"get\", \"topic\": \"t\"}"));
	}

	@Test
	void answersAPingWithAPongOfTheSamePayload() throws IOException {
		List<Object> batch = this.codec.readBatch(stream(frame(true, PING, utf8("are you there"))));
		assertThat(batch).singleElement().isInstanceOfSatisfying(Control.class, (pong) -> {
			assertThat(pong.closesConnection()).isFalse();
			assertThat(pong.bytes()).isEqualTo(concat(new byte[] { (byte) 0x8A, 13 }, utf8("are you there")));
		});
	}

	@Test
	void refusesAMessageInMoreFramesThanTheMostItMayTake() throws IOException {
		// empty fragments and pings add nothing to the message's length, but each would be held until it ends
		java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
		bytes.writeBytes(frame(false, TEXT, utf8("{")));
		for (int i = 1; i < MAX_FRAMES_PER_MESSAGE; i++) {
			bytes.writeBytes((i % 2 == 0) ? frame(true, PING, new byte[0]) : frame(false, CONTINUATION, new byte[0]));
		}
		bytes.writeBytes(frame(true, CONTINUATION, utf8("}")));
		List<Object> batch = this.codec.readBatch(stream(bytes.toByteArray()));
		assertThat(batch.get(batch.size() - 1)).isInstanceOfSatisfying(FramingError.class,
				(error) -> assertThat(error.reason()).isEqualTo(RejectReason.WEBSOCKET_PROTOCOL));
	}

	@Test
	void refusesAMessageInMoreFramesThanTheLimitItIsGivenNamingTheProperty() throws IOException {
		byte[] bytes = concat(frame(false, TEXT, utf8("{")), frame(true, PING, new byte[0]),
				frame(false, CONTINUATION, new byte[0]), frame(true, CONTINUATION, utf8("}")));
		assertThat(new WebSocketCodec(10, 3).readBatch(stream(bytes))).last()
			.isEqualTo(new FramingError(RejectReason.WEBSOCKET_PROTOCOL,
					"message in more than 3 frames (dsmq.websocket.max-frames-per-message)"));
		assertThat(new WebSocketCodec(10, 4).readBatch(stream(bytes))).last().isEqualTo(utf8("{}"));
	}

	@Test
	void takesAMessageInAsManyFramesAsItMay() throws IOException {
		java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
		bytes.writeBytes(frame(false, TEXT, utf8("{")));
		for (int i = 2; i < MAX_FRAMES_PER_MESSAGE; i++) {
			bytes.writeBytes(frame(false, CONTINUATION, new byte[0]));
		}
		bytes.writeBytes(frame(true, CONTINUATION, utf8("}")));
		assertThat(this.codec.readBatch(stream(bytes.toByteArray()))).containsExactly(utf8("{}"));
	}

	@Test
	void answersAPingBetweenFragmentsBeforeTheMessageItInterrupts() throws IOException {
		byte[] bytes = concat(frame(false, TEXT, utf8("{\"a\"")), frame(true, PING, utf8("1")),
				frame(true, CONTINUATION, utf8(": 1}")));
		List<Object> batch = this.codec.readBatch(stream(bytes));
		assertThat(batch).hasSize(2);
		assertThat(batch.get(0)).isInstanceOfSatisfying(Control.class,
				(pong) -> assertThat(pong.bytes()).isEqualTo(new byte[] { (byte) 0x8A, 1, '1' }));
		assertThat(batch.get(1)).isEqualTo(utf8("{\"a\": 1}"));
	}

	@Test
	void dropsPongsAndWaitsForARequest() throws IOException {
		InputStream in = stream(concat(frame(true, PONG, utf8("x")), frame(true, PONG, new byte[0]), text("{}")));
		assertThat(this.codec.readBatch(in)).containsExactly(utf8("{}"));
	}

	@Test
	void dropsAPongBetweenFragments() throws IOException {
		byte[] bytes = concat(frame(false, BINARY, new byte[0]), frame(true, PONG, utf8("x")),
				frame(true, CONTINUATION, utf8("{}")));
		assertThat(this.codec.readBatch(stream(bytes))).containsExactly(utf8("{}"));
	}

	@Test
	void endOfStreamAfterAPongIsASoftEnd() {
		assertThatExceptionOfType(SoftEndOfStreamException.class)
			.isThrownBy(() -> this.codec.readBatch(stream(frame(true, PONG, new byte[0]))));
	}

	@Test
	void answersACloseByEchoingItsStatus() throws IOException {
		byte[] bytes = concat(frame(true, CLOSE, concat(new byte[] { 0x03, (byte) 0xe9 }, utf8("going"))));
		List<Object> batch = this.codec.readBatch(stream(bytes));
		assertThat(batch).singleElement().isInstanceOfSatisfying(Control.class, (answer) -> {
			assertThat(answer.closesConnection()).isTrue();
			assertThat(answer.bytes()).isEqualTo(new byte[] { (byte) 0x88, 2, 0x03, (byte) 0xe9 });
		});
	}

	@Test
	void answersACloseWithoutStatusWithNormalClosure() throws IOException {
		assertThat(this.codec.readBatch(stream(frame(true, CLOSE, new byte[0])))).singleElement()
			.isInstanceOfSatisfying(Control.class,
					(answer) -> assertThat(answer.bytes()).isEqualTo(new byte[] { (byte) 0x88, 2, 0x03, (byte) 0xe8 }));
	}

	@Test
	void readsNothingAfterAClose() throws IOException {
		ByteArrayInputStream in = stream(concat(text("{}"), close(1000), text("[]")));
		List<Object> batch = this.codec.readBatch(new BufferedInputStream(in, 8));
		assertThat(batch).hasSize(2);
		assertThat(batch.get(0)).isEqualTo(utf8("{}"));
		assertThat(batch.get(1)).isInstanceOfSatisfying(Control.class,
				(answer) -> assertThat(answer.closesConnection()).isTrue());
	}

	@Test
	void refusesAnUnmaskedFrame() throws IOException {
		assertProtocolError(frame(0x81, utf8("{}"), 0, null), "client frame is not masked");
	}

	@ParameterizedTest
	@ValueSource(ints = { 0x40, 0x20, 0x10, 0x70 })
	void refusesReservedBits(int bits) throws IOException {
		assertProtocolError(frame(0x81 | bits, utf8("{}"), 0, MASK),
				"reserved bits 0x" + Integer.toHexString(bits) + " set with no extension negotiated");
	}

	@ParameterizedTest
	@ValueSource(ints = { 0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF })
	void refusesUnknownOpcodes(int opcode) throws IOException {
		assertProtocolError(frame(true, opcode, new byte[0]), "unknown opcode 0x" + Integer.toHexString(opcode));
	}

	@ParameterizedTest
	@ValueSource(ints = { PING, PONG, CLOSE })
	void refusesAControlFrameOver125Bytes(int opcode) throws IOException {
		assertProtocolError(frame(true, opcode, new byte[126]), "control frame of 126 bytes exceeds the 125-byte limit");
	}

	@Test
	void refusesAFragmentedControlFrame() throws IOException {
		assertProtocolError(frame(false, PING, utf8("x")), "control frame (opcode 0x9) is fragmented");
	}

	@Test
	void refusesAContinuationWithNoMessageStarted() throws IOException {
		assertProtocolError(frame(true, CONTINUATION, utf8("{}")), "continuation frame with no message started");
	}

	@Test
	void refusesANewDataFrameInsideAFragmentedMessage() throws IOException {
		assertProtocolError(concat(frame(false, TEXT, utf8("{")), frame(true, BINARY, utf8("}"))),
				"new data frame (opcode 0x2) inside a fragmented message");
	}

	@Test
	void refusesALengthWithTheMostSignificantBitSet() throws IOException {
		assertProtocolError(headerOnly(0x82, Long.MIN_VALUE + 5),
				"64-bit payload length has its most significant bit set");
	}

	@Test
	void refusesACloseWithAOneBytePayload() throws IOException {
		assertProtocolError(frame(true, CLOSE, new byte[] { 3 }), "close frame with a 1-byte payload");
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535 })
	void refusesACloseStatusThatAPeerMayNotSend(int status) throws IOException {
		assertProtocolError(close(status), "close status " + status + " is not one a peer may send");
	}

	@ParameterizedTest
	@ValueSource(ints = { 1000, 1001, 1002, 1003, 1007, 1011, 1014, 3000, 4999 })
	void echoesEveryStatusAPeerMaySend(int status) throws IOException {
		assertThat(this.codec.readBatch(stream(close(status)))).singleElement()
			.isInstanceOfSatisfying(Control.class, (answer) -> assertThat(answer.bytes())
				.isEqualTo(new byte[] { (byte) 0x88, 2, (byte) (status >>> 8), (byte) status }));
	}

	@Test
	void refusesACloseReasonThatIsNotUtf8() throws IOException {
		assertThat(this.codec.readBatch(stream(frame(true, CLOSE, new byte[] { 0x03, (byte) 0xe8, (byte) 0xc3 }))))
			.containsExactly(new FramingError(RejectReason.MALFORMED_BODY, "close reason is not valid UTF-8"));
	}

	@Test
	void refusesAMessageOverTheLimitFromItsHeaderAlone() throws IOException {
		ByteArrayInputStream in = stream(headerOnly(0x81, 8_000_000_000L));
		assertThat(new WebSocketCodec(1_000_000, MAX_FRAMES_PER_MESSAGE).readBatch(in))
			.containsExactly(new FramingError(RejectReason.BODY_TOO_LARGE,
					"message of 8000000000 bytes exceeds the 1000000-byte limit"));
	}

	@Test
	void refusesAnOversizedMessageWithoutReadingOrFindingRoomForIt() throws IOException {
		RecordingFrameInput in = new RecordingFrameInput(concat(frame(true, BINARY, new byte[11]), text("{}")));
		assertThat(new WebSocketCodec(10, MAX_FRAMES_PER_MESSAGE).readBatch(in)).containsExactly(
				new FramingError(RejectReason.BODY_TOO_LARGE, "message of 11 bytes exceeds the 10-byte limit"));
		assertThat(in.events).containsExactly("started", "ended");
		assertThat(in.available()).isEqualTo(11 + text("{}").length);
	}

	@Test
	void refusesAMessageWhoseFragmentsTogetherExceedTheLimit() throws IOException {
		byte[] bytes = concat(frame(false, BINARY, new byte[6]), frame(false, CONTINUATION, new byte[5]));
		assertThat(new WebSocketCodec(10, MAX_FRAMES_PER_MESSAGE).readBatch(stream(bytes))).containsExactly(
				new FramingError(RejectReason.BODY_TOO_LARGE, "message of at least 11 bytes exceeds the 10-byte limit"));
	}

	@Test
	void readsAMessageAtTheLimit() throws IOException {
		byte[] bytes = concat(frame(false, BINARY, new byte[6]), frame(true, CONTINUATION, new byte[4]));
		assertThat(new WebSocketCodec(10, MAX_FRAMES_PER_MESSAGE).readBatch(stream(bytes)))
			.containsExactly(new byte[10]);
	}

	@Test
	void refusesATextMessageThatIsNotUtf8() throws IOException {
		assertThat(this.codec.readBatch(stream(frame(true, TEXT, new byte[] { '"', (byte) 0xc3, 0x28, '"' }))))
			.containsExactly(new FramingError(RejectReason.MALFORMED_BODY, "text message of 4 bytes is not valid UTF-8"));
	}

	@Test
	void refusesTextThatIsNotUtf8OnlyOnceItsFragmentsAreJoined() throws IOException {
		// each fragment could be part of valid UTF-8; together they are not
		byte[] bytes = concat(frame(false, TEXT, new byte[] { '"', (byte) 0xe2, (byte) 0x82 }),
				frame(true, CONTINUATION, new byte[] { '"' }));
		assertThat(this.codec.readBatch(stream(bytes)))
			.containsExactly(new FramingError(RejectReason.MALFORMED_BODY, "text message of 4 bytes is not valid UTF-8"));
	}

	@Test
	void readsACharacterSplitAcrossFragments() throws IOException {
		byte[] euro = utf8("\"\u20ac\"");
		byte[] bytes = concat(frame(false, TEXT, Arrays.copyOf(euro, 2)),
				frame(true, CONTINUATION, Arrays.copyOfRange(euro, 2, euro.length)));
		assertThat(this.codec.readBatch(stream(bytes))).containsExactly(euro);
	}

	@Test
	void readsBinaryThatIsNotUtf8AsItIs() throws IOException {
		assertThat(this.codec.readBatch(stream(frame(true, BINARY, new byte[] { (byte) 0xc3, 0x28 }))))
			.containsExactly(new byte[] { (byte) 0xc3, 0x28 });
	}

	@Test
	void readsMessagesThatArriveOneByteAtATime() throws IOException {
		byte[] bytes = concat(frame(false, TEXT, utf8("{\"a\": \"\u00e9")), frame(true, PING, utf8("p")),
				frame(true, CONTINUATION, utf8("\"}")), frame(true, BINARY, body(300)), text("{}"));
		InputStream in = new OneByteAtATime(bytes);
		List<Object> first = this.codec.readBatch(in);
		assertThat(first).hasSize(2);
		assertThat(first.get(0)).isInstanceOf(Control.class);
		assertThat(first.get(1)).isEqualTo(utf8("{\"a\": \"\u00e9\"}"));
		assertThat(this.codec.readBatch(in)).containsExactly(body(300));
		assertThat(this.codec.readBatch(in)).containsExactly(utf8("{}"));
		assertThatExceptionOfType(SoftEndOfStreamException.class).isThrownBy(() -> this.codec.readBatch(in));
	}

	@Test
	void batchesEveryMessageThatHasArrivedInFull() throws IOException {
		byte[] partial = Arrays.copyOf(text("{\"c\": 3}"), 9);
		InputStream in = new BufferedInputStream(
				stream(concat(text("{\"a\": 1}"), frame(true, PING, new byte[0]), text("{\"b\": 2}"), partial)));
		List<Object> batch = this.codec.readBatch(in);
		assertThat(batch).hasSize(3);
		assertThat(batch.get(0)).isEqualTo(utf8("{\"a\": 1}"));
		assertThat(batch.get(1)).isInstanceOf(Control.class);
		assertThat(batch.get(2)).isEqualTo(utf8("{\"b\": 2}"));
		assertThatExceptionOfType(TruncatedFrameException.class).isThrownBy(() -> this.codec.readBatch(in))
			.withMessage("stream closed after 3 of 8 payload bytes");
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 2, 5 })
	void handsOnTheBatchReadWhenTheStreamEndsInTheHeaderOfTheNextFrame(int arrived) throws IOException {
		byte[] next = text("x".repeat(200));
		InputStream in = new EndsSoonerThanItSays(concat(text("{\"a\": 1}"), Arrays.copyOf(next, arrived)),
				next.length - arrived);
		assertThat(this.codec.readBatch(in)).containsExactly(utf8("{\"a\": 1}"));
		assertThatExceptionOfType((arrived > 0) ? TruncatedFrameException.class : SoftEndOfStreamException.class)
			.isThrownBy(() -> this.codec.readBatch(in));
	}

	@Test
	void startsABatchOfItsOwnForAFragmentedMessage() throws IOException {
		InputStream in = new BufferedInputStream(stream(
				concat(text("{}"), frame(false, TEXT, utf8("[")), frame(true, CONTINUATION, utf8("]")), text("1"))));
		assertThat(this.codec.readBatch(in)).containsExactly(utf8("{}"));
		assertThat(this.codec.readBatch(in)).containsExactly(utf8("[]"), utf8("1"));
	}

	@Test
	void endsABatchWithABrokenFrame() throws IOException {
		InputStream in = new BufferedInputStream(stream(concat(text("{}"), frame(0x81, utf8("{}"), 0, null))));
		List<Object> batch = this.codec.readBatch(in);
		assertThat(batch).hasSize(2);
		assertThat(batch.get(1)).isEqualTo(new FramingError(RejectReason.WEBSOCKET_PROTOCOL, "client frame is not masked"));
	}

	@Test
	void handsOnAtMostABatchOfMessages() throws IOException {
		byte[][] many = new byte[FrameCodec.MAX_BATCH + 5][];
		Arrays.fill(many, text("{}"));
		InputStream in = new BufferedInputStream(stream(concat(many)));
		assertThat(this.codec.readBatch(in)).hasSize(FrameCodec.MAX_BATCH);
		assertThat(this.codec.readBatch(in)).hasSize(5);
	}

	@Test
	void readsOneMessageAtATimeFromAStreamWithoutMark() throws IOException {
		InputStream in = new FilterInputStream(stream(concat(text("{}"), text("[]")))) {

			@Override
			public boolean markSupported() {
				return false;
			}

		};
		assertThat(this.codec.readBatch(in)).containsExactly(utf8("{}"));
		assertThat(this.codec.readBatch(in)).containsExactly(utf8("[]"));
	}

	@Test
	void boundsAFragmentedMessageAsOneFrameAndFindsRoomForEachFragment() throws IOException {
		byte[] bytes = concat(frame(false, TEXT, utf8("[1")), frame(true, PING, new byte[0]),
				frame(true, CONTINUATION, utf8(",2]")));
		RecordingFrameInput in = new RecordingFrameInput(bytes);
		assertThat(this.codec.readBatch(in)).hasSize(2);
		assertThat(in.events).filteredOn((event) -> !event.equals("awaiting"))
			.containsExactly("started", "admit 2 waiting", "admit 3 waiting", "ended");
	}

	@Test
	void findsRoomWithoutWaitingForMessagesThatFollowOthersInABatch() throws IOException {
		RecordingFrameInput in = new RecordingFrameInput(concat(text("{}"), frame(true, PING, new byte[0]), text("[1]")));
		assertThat(this.codec.readBatch(in)).hasSize(3);
		assertThat(in.events).filteredOn((event) -> !event.equals("awaiting"))
			.containsExactly("started", "admit 2 waiting", "ended", "started", "ended", "admit 3 now", "started",
					"ended");
	}

	@Test
	void leavesAMessageThatFindsNoRoomForTheNextBatch() throws IOException {
		RecordingFrameInput in = new RecordingFrameInput(new ByteArrayInputStream(concat(text("{}"), text("[1]"))), 4);
		assertThat(this.codec.readBatch(in)).containsExactly(utf8("{}"));
		assertThat(in.available()).isEqualTo(text("[1]").length);
	}

	@Test
	void refusesAMessageThatFindsNoRoomInTime() throws IOException {
		RecordingFrameInput in = new RecordingFrameInput(new ByteArrayInputStream(text("[1]")), 2);
		assertThat(this.codec.readBatch(in)).singleElement()
			.isInstanceOfSatisfying(FramingError.class,
					(error) -> assertThat(error.reason()).isEqualTo(RejectReason.IN_FLIGHT_LIMIT));
	}

	@Test
	void tellsTheInputBeforeWaitingForTheRestOfAFrame() throws IOException {
		RecordingFrameInput in = new RecordingFrameInput(new OneByteAtATime(text("{\"a\": 1}")), Long.MAX_VALUE);
		assertThat(this.codec.readBatch(in)).containsExactly(utf8("{\"a\": 1}"));
		assertThat(in.events).containsSubsequence("admit 8 waiting", "awaiting", "ended");
	}

	@Test
	void aTimeoutBetweenMessagesIsAnIdleTimeout() throws IOException {
		InputStream in = new TimesOutAfter(new byte[0], "no request for 5 ms");
		assertThat(this.codec.readBatch(in))
			.containsExactly(new FramingError(RejectReason.IDLE_TIMEOUT, "no request for 5 ms"));
	}

	@Test
	void aTimeoutInsideAFragmentedMessageIsAFrameTimeout() throws IOException {
		InputStream in = new TimesOutAfter(concat(frame(false, TEXT, utf8("{")), frame(true, PING, new byte[0])),
				"frame not complete after 5 ms");
		List<Object> batch = this.codec.readBatch(in);
		assertThat(batch).hasSize(2);
		assertThat(batch.get(0)).isInstanceOf(Control.class);
		assertThat(batch.get(1)).isEqualTo(new FramingError(RejectReason.FRAME_TIMEOUT, "frame not complete after 5 ms"));
	}

	@Test
	void endOfStreamBetweenMessagesIsASoftEnd() {
		assertThatExceptionOfType(SoftEndOfStreamException.class)
			.isThrownBy(() -> this.codec.readBatch(stream(new byte[0])));
	}

	@Test
	void endOfStreamInsideAHeaderSaysHowMuchArrived() {
		assertThatExceptionOfType(TruncatedFrameException.class)
			.isThrownBy(() -> this.codec.readBatch(stream(Arrays.copyOf(text("{}"), 4))))
			.withMessage("stream closed after 4 of 6 header bytes");
		assertThatExceptionOfType(TruncatedFrameException.class)
			.isThrownBy(() -> this.codec.readBatch(stream(new byte[] { (byte) 0x81 })))
			.withMessage("stream closed after 1 of at least 2 header bytes");
	}

	@Test
	void endOfStreamInsideAPayloadSaysHowMuchArrived() {
		assertThatExceptionOfType(TruncatedFrameException.class)
			.isThrownBy(() -> this.codec.readBatch(stream(Arrays.copyOf(text("{\"a\": 1}"), 9))))
			.withMessage("stream closed after 3 of 8 payload bytes");
	}

	@Test
	void endOfStreamBetweenFragmentsIsNoSoftEnd() {
		assertThatExceptionOfType(TruncatedFrameException.class)
			.isThrownBy(() -> this.codec.readBatch(stream(frame(false, TEXT, utf8("{\"a\"")))))
			.withMessage("stream closed inside a fragmented message after 4 bytes");
	}

	@Test
	void framesARepliesBodyAsOneUnmaskedTextFrame() throws Exception {
		for (int length : new int[] { 0, 125, 126, 65535, 65536, 1_000_000 }) {
			byte[] header = this.codec.header(length);
			assertThat(header).hasSize((length <= 125) ? 2 : (length <= 65535) ? 4 : 10);
			assertThat(header[0]).isEqualTo((byte) 0x81);
			List<Framedata> frames = ClientFrames.readAsClient(concat(header, body(length)));
			assertThat(frames).singleElement().satisfies((frame) -> {
				assertThat(frame.getOpcode()).isEqualTo(Opcode.TEXT);
				assertThat(frame.isFin()).isTrue();
				assertThat(frame.getPayloadData().remaining()).isEqualTo(length);
			});
		}
	}

	@ParameterizedTest
	@EnumSource(RejectReason.class)
	void closesWithAStatusAndAShortReasonAClientCanRead(RejectReason reason) throws Exception {
		byte[] closing = this.codec.closing(reason);
		assertThat(closing.length - 2).isLessThanOrEqualTo(125);
		assertThat(ClientFrames.readAsClient(closing)).singleElement()
			.isInstanceOfSatisfying(CloseFrame.class, (close) -> {
				assertThat(close.getCloseCode()).isEqualTo(WebSocketFrames.closeStatus(reason));
				assertThat(close.getMessage()).isEqualTo(reason.tag());
			});
	}

	@Test
	void closesWithTheStatusThatFitsEachReason() {
		assertThat(status(RejectReason.BODY_TOO_LARGE)).isEqualTo(1009);
		assertThat(status(RejectReason.MALFORMED_BODY)).isEqualTo(1007);
		assertThat(status(RejectReason.WEBSOCKET_PROTOCOL)).isEqualTo(1002);
		assertThat(status(RejectReason.AUTH_FAILED)).isEqualTo(1008);
		assertThat(status(RejectReason.AUTH_REQUIRED)).isEqualTo(1008);
		assertThat(status(RejectReason.FRAME_TIMEOUT)).isEqualTo(1008);
		assertThat(status(RejectReason.IDLE_TIMEOUT)).isEqualTo(1008);
		assertThat(status(RejectReason.TOO_MANY_CONNECTIONS)).isEqualTo(1013);
		assertThat(status(RejectReason.IN_FLIGHT_LIMIT)).isEqualTo(1013);
		assertThat(status(RejectReason.SERVER_STOPPING)).isEqualTo(1001);
		assertThat(status(RejectReason.TRUNCATED_FRAME)).isEqualTo(1011);
	}

	@Test
	void saysGoodbyeWithNormalClosure() {
		assertThat(this.codec.goodbye()).isEqualTo(new byte[] { (byte) 0x88, 2, 0x03, (byte) 0xe8 });
	}

	@Test
	void speaksTheWebSocketGeneration() {
		assertThat(this.codec.generation()).isEqualTo(Generation.WEBSOCKET);
	}

	@Test
	void limitMustNotBeNegative() {
		assertThatIllegalArgumentException().isThrownBy(() -> new WebSocketCodec(-1, MAX_FRAMES_PER_MESSAGE))
			.withMessageContaining("-1");
	}

	@Test
	void framesPerMessageMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new WebSocketCodec(10, 0))
			.withMessageContaining("0 frames");
	}

	private void assertProtocolError(byte[] bytes, String detail) throws IOException {
		assertThat(this.codec.readBatch(stream(bytes)))
			.containsExactly(new FramingError(RejectReason.WEBSOCKET_PROTOCOL, detail));
	}

	private int status(RejectReason reason) {
		byte[] closing = this.codec.closing(reason);
		return ((closing[2] & 0xFF) << 8) | (closing[3] & 0xFF);
	}

	private static byte[] body(int length) {
		byte[] body = new byte[length];
		for (int i = 0; i < length; i++) {
			body[i] = (byte) ('a' + i % 26);
		}
		return body;
	}

	private static ByteArrayInputStream stream(byte[] bytes) {
		return new ByteArrayInputStream(bytes);
	}

	/**
	 * A stream that hands out at most one byte per read, as a connection might under heavy fragmentation.
	 */
	static final class OneByteAtATime extends InputStream {

		private final ByteArrayInputStream bytes;

		OneByteAtATime(byte[] bytes) {
			this.bytes = new ByteArrayInputStream(bytes);
		}

		@Override
		public int read() {
			return this.bytes.read();
		}

		@Override
		public int read(byte[] b, int off, int len) {
			return this.bytes.read(b, off, Math.min(len, 1));
		}

	}

	/**
	 * A stream whose peer stops sending after the given bytes, as a socket with a read timeout sees it.
	 */
	static final class TimesOutAfter extends InputStream {

		private final ByteArrayInputStream bytes;

		private final String message;

		TimesOutAfter(byte[] bytes, String message) {
			this.bytes = new ByteArrayInputStream(bytes);
			this.message = message;
		}

		@Override
		public int read() throws IOException {
			int next = this.bytes.read();
			if (next < 0) {
				throw new SocketTimeoutException(this.message);
			}
			return next;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			if (len > 0 && this.bytes.available() == 0) {
				throw new SocketTimeoutException(this.message);
			}
			return this.bytes.read(b, off, len);
		}

	}

}
