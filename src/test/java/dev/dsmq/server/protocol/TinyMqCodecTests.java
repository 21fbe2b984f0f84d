package dev.dsmq.server.protocol;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import com.google.protobuf.DynamicMessage;
import dev.dsmq.server.TinyMqProto;
import org.java_websocket.enums.Opcode;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.dsmq.server.protocol.ClientFrames.BINARY;
import static dev.dsmq.server.protocol.ClientFrames.concat;
import static dev.dsmq.server.protocol.ClientFrames.frame;
import static dev.dsmq.server.protocol.ClientFrames.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * tinyMQ's messages byte by byte: what the codec makes of each binary message a client sends, encoded by
 * protobuf-java from the project's {@code tinymq.proto}, and the replies it frames.
 */
class TinyMqCodecTests {

	private static final int MAX_MESSAGE_LENGTH = 1024;

	private final TinyMqCodec codec = new TinyMqCodec("jobs", MAX_MESSAGE_LENGTH, 16);

	@Test
	void protoFileGivesTinyMqsSixMessagesWithTheirFieldNumbers() {
		assertThat(TinyMqProto.describe()).containsExactly(
				"tinyMQ.ConnInit [required fixed32 role = 1, required string topic = 2, "
						+ "optional string auth_token = 3]",
				"tinyMQ.ConnStatus [required fixed32 status = 1]",
				"tinyMQ.ContentWrite [required fixed32 id = 1, required string topic = 2, required bytes body = 3]",
				"tinyMQ.Poll [required string topic = 1]",
				"tinyMQ.Ack [required fixed32 id = 1, optional fixed32 flags = 2]",
				"tinyMQ.ContentRead [required fixed32 id = 1, required fixed32 status = 2, required bytes body = 3]");
	}

	@Test
	void producersConnInitThenWritesAreReadInOneBatch() throws IOException {
		List<Object> batch = read(message("ConnInit", "role", 1L, "topic", "ignored"),
				message("ContentWrite", "id", 0L, "topic", "jobs", "body", "first"),
				message("ContentWrite", "id", 4294967295L, "topic", "jobs", "body", "second"));
		assertThat(batch).hasSize(3);
		assertThat(batch.get(0)).isInstanceOfSatisfying(TinyMqRequest.Init.class, (init) -> {
			assertThat(init.role()).isEqualTo(TinyMqRequest.Role.PRODUCER);
			assertThat(init.authToken()).isNull();
		});
		assertThat(batch.get(1)).isInstanceOfSatisfying(TinyMqRequest.Write.class, (write) -> {
			assertThat(write.id()).isZero();
			assertThat(string(write.message())).isEqualTo("\"first\"");
			assertThat(string(write.headers())).isEqualTo("{\"tinymq-id\": \"0\"}");
		});
		assertThat(batch.get(2)).isInstanceOfSatisfying(TinyMqRequest.Write.class, (write) -> {
			assertThat(write.id()).isEqualTo(4294967295L);
			assertThat(string(write.headers())).isEqualTo("{\"tinymq-id\": \"4294967295\"}");
		});
	}

	@Test
	void consumersConnInitThenEveryMessageIsAPoll() throws IOException {
		byte[] init = TinyMqProto.encode("ConnInit", "role", 2L, "topic", "jobs", "auth_token", "s3cret");
		List<Object> batch = read(frame(true, BINARY, init), message("Poll", "topic", "jobs"),
				message("Poll", "topic", "another topic, which is not read"));
		assertThat(batch).hasSize(3);
		assertThat(batch.get(0)).isInstanceOfSatisfying(TinyMqRequest.Init.class, (read) -> {
			assertThat(read.role()).isEqualTo(TinyMqRequest.Role.CONSUMER);
			assertThat(read.authToken()).asString(StandardCharsets.UTF_8).isEqualTo("s3cret");
			assertThat(read.length()).isEqualTo(init.length);
		});
		assertThat(batch.subList(1, 3)).allMatch(TinyMqRequest.Poll.class::isInstance);
	}

	@Test
	void fieldsAreReadInAnyOrderAndUnknownOnesSteppedOver() throws IOException {
		// field 9 (varint 5), then body, id and topic: proto2 reads them all, whatever the order
		byte[] write = concat(HexFormat.of().parseHex("4805"), TinyMqProto.encode("ContentWrite", "body", "b"),
				TinyMqProto.encode("ContentWrite", "id", 7L), TinyMqProto.encode("ContentWrite", "topic", "t"));
		List<Object> batch = read(message("ConnInit", "role", 1L, "topic", "t"), frame(true, BINARY, write));
		assertThat(batch.get(1)).isInstanceOfSatisfying(TinyMqRequest.Write.class, (read) -> {
			assertThat(read.id()).isEqualTo(7);
			assertThat(string(read.message())).isEqualTo("\"b\"");
		});
	}

	@Test
	void writesBodyIsStoredAsAJsonStringOfItsText() throws IOException {
		String body = "h\u00e9llo \"q\" \\ \n\t\u0001 \ud83d\ude00";
		List<Object> batch = read(message("ConnInit", "role", 1L, "topic", "t"),
				message("ContentWrite", "id", 1L, "topic", "t", "body", body));
		assertThat(batch.get(1)).isInstanceOfSatisfying(TinyMqRequest.Write.class, (write) -> assertThat(
				string(write.message())).isEqualTo("\"h\u00e9llo \\\"q\\\" \\\\ \\n\\t\\u0001 \ud83d\ude00\""));
	}

	@Test
	void textMessageIsRefusedAsUnsupportedData() throws IOException {
		assertThat(read(text("{\"action\": \"get\", \"topic\": \"jobs\"}"))).singleElement()
			.isEqualTo(new FramingError(RejectReason.UNSUPPORTED_DATA,
					"text message of 34 bytes: tinyMQ's messages are binary protobuf"));
	}

	@Test
	void pollBeforeConnInitIsRefusedAsMalformed() throws IOException {
		assertThat(onlyError(read(message("Poll", "topic", "jobs")))).satisfies((error) -> {
			assertThat(error.reason()).isEqualTo(RejectReason.MALFORMED_BODY);
			assertThat(error.detail()).isEqualTo("the first message must be a ConnInit: ConnInit field 1 (role) has "
					+ "wire type 2, not 5 for fixed32");
		});
	}

	@Test
	void connInitWithoutItsRoleIsRefusedAsMalformed() throws IOException {
		assertThat(onlyError(read(message("ConnInit", "topic", "jobs"))))
			.isEqualTo(new FramingError(RejectReason.MALFORMED_BODY,
					"the first message must be a ConnInit: ConnInit lacks its required field 1 (role)"));
	}

	@ParameterizedTest
	@ValueSource(longs = { 0, 3, 4294967295L })
	void roleThatIsNeitherAProducersNorAConsumersIsRefused(long role) throws IOException {
		assertThat(onlyError(read(message("ConnInit", "role", role, "topic", "jobs"))))
			.isEqualTo(new FramingError(RejectReason.UNKNOWN_ROLE,
					"ConnInit role " + role + " is neither 1 (producer) nor 2 (consumer)"));
	}

	@Test
	void writeWithoutABodyIsRefusedAfterTheMessagesBeforeIt() throws IOException {
		List<Object> batch = read(message("ConnInit", "role", 1L, "topic", "t"),
				message("ContentWrite", "id", 1L, "topic", "t", "body", "kept"),
				message("ContentWrite", "id", 2L, "topic", "t"));
		assertThat(batch).hasSize(3);
		assertThat(batch.get(1)).isInstanceOf(TinyMqRequest.Write.class);
		assertThat(batch.get(2)).isEqualTo(new FramingError(RejectReason.MALFORMED_BODY,
				"ContentWrite lacks its required field 3 (body)"));
	}

	@Test
	void messageCutShortIsRefusedAsMalformed() throws IOException {
		byte[] write = TinyMqProto.encode("ContentWrite", "id", 1L, "topic", "t", "body", "cut short");
		List<Object> batch = read(message("ConnInit", "role", 1L, "topic", "t"),
				frame(true, BINARY, Arrays.copyOf(write, write.length - 3)));
		assertThat(onlyError(batch.subList(1, 2))).satisfies((error) -> {
			assertThat(error.reason()).isEqualTo(RejectReason.MALFORMED_BODY);
			assertThat(error.detail()).startsWith("not a protobuf ContentWrite message: ");
		});
	}

	@Test
	void consumersMessageThatIsNotAPollIsRefused() throws IOException {
		List<Object> batch = read(message("ConnInit", "role", 2L, "topic", "t"),
				message("ContentWrite", "id", 1L, "topic", "t", "body", "b"));
		assertThat(batch.get(1)).isEqualTo(new FramingError(RejectReason.MALFORMED_BODY,
				"Poll field 1 (topic) has wire type 5, not 2 for string"));
	}

	@Test
	void writeWhoseBodyIsNotUtf8IsRefusedAsMalformed() throws IOException {
		List<Object> batch = read(message("ConnInit", "role", 1L, "topic", "t"),
				message("ContentWrite", "id", 1L, "topic", "t", "body", new byte[] { 'a', (byte) 0xc3, 0x28 }));
		assertThat(batch.get(1)).isEqualTo(new FramingError(RejectReason.MALFORMED_BODY,
				"ContentWrite body of 3 bytes is not valid UTF-8"));
	}

	@Test
	void writeLongerThanAMessageMayBeAsAJsonStringIsRefused() throws IOException {
		// 200 control characters fit the message limit as they are, not as \\u0001 escapes
		List<Object> batch = read(message("ConnInit", "role", 1L, "topic", "t"),
				message("ContentWrite", "id", 1L, "topic", "t", "body", "\u0001".repeat(200)));
		assertThat(batch.get(1)).isEqualTo(new FramingError(RejectReason.BODY_TOO_LARGE,
				"ContentWrite body of 200 bytes is 1202 bytes as a JSON string, over the 1024-byte limit"));
	}

	@Test
	void repliesAreBinaryFramesOfProtobufMessages() throws Exception {
		byte[] framed = Reply.framed(List.of(TinyMqReplies.opened(), TinyMqReplies.ack(4294967295L)), this.codec)
			.bytes();
		List<Framedata> frames = ClientFrames.readAsClient(framed);
		assertThat(frames).hasSize(2).allMatch((read) -> read.getOpcode() == Opcode.BINARY);
		assertThat(TinyMqProto.fixed32(decode("ConnStatus", frames.get(0)), "status")).isEqualTo(1000);
		assertThat(TinyMqProto.fixed32(decode("Ack", frames.get(1)), "id")).isEqualTo(4294967295L);
	}

	@Test
	void errorIsToldByTheCloseFrameAloneWithTheStatusOfItsReason() throws Exception {
		Reply refusal = Reply.fatal(RejectReason.TOPIC_HAS_CONSUMER, "topic \"jobs\" has a tinyMQ consumer already");
		byte[] framed = Reply.framed(List.of(TinyMqReplies.topicHasConsumer(), refusal), this.codec).bytes();
		List<Framedata> frames = ClientFrames.readAsClient(framed);
		assertThat(frames).hasSize(2);
		assertThat(TinyMqProto.fixed32(decode("ConnStatus", frames.get(0)), "status")).isEqualTo(4000);
		assertThat(frames.get(1)).isInstanceOfSatisfying(CloseFrame.class, (close) -> {
			assertThat(close.getCloseCode()).isEqualTo(1000);
			assertThat(close.getMessage()).isEqualTo("topic-has-consumer");
		});
		assertThat(closeCode(RejectReason.MALFORMED_BODY)).isEqualTo(1007);
		assertThat(closeCode(RejectReason.UNSUPPORTED_DATA)).isEqualTo(1003);
		assertThat(closeCode(RejectReason.UNKNOWN_ROLE)).isEqualTo(1008);
	}

	@Test
	void emptyPollIsAnsweredWithTheBytesOfTinyMqsOwnServer() {
		// ContentRead(id=0, status=2001, body=bytes(1)) as Python's protobuf serializes it
		assertThat(HexFormat.of().formatHex(TinyMqReplies.empty().bytes())).isEqualTo("0d00000000" + "15d1070000"
				+ "1a0100");
	}

	@Test
	void messageCarriesItsProducersIdAndItsText() {
		DynamicMessage read = TinyMqProto.decode("ContentRead", TinyMqReplies.message(
				JsonStrings.encode(ClientFrames.utf8("caf\u00e9 \"au\" lait")), ClientFrames.utf8(
						"{\"traceparent\": \"x\", \"tinymq-id\": \"4294967295\"}"), 12).bytes());
		assertThat(TinyMqProto.fixed32(read, "id")).isEqualTo(4294967295L);
		assertThat(TinyMqProto.fixed32(read, "status")).isEqualTo(2000);
		assertThat(string(TinyMqProto.bytes(read, "body"))).isEqualTo("caf\u00e9 \"au\" lait");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "{\"tinymq-id\": \"4294967296\"}", "{\"tinymq-id\": \"-1\"}",
			"{\"tinymq-id\": \"0x10\"}", "{\"other\": \"7\"}" })
	void messageWithoutAProducersIdCarriesTheLow32BitsOfItsSequenceNumber(String headers) {
		long sequence = (3L << 32) + 17;
		DynamicMessage read = TinyMqProto.decode("ContentRead", TinyMqReplies
			.message(ClientFrames.utf8("{\"n\": [1, 2]}"), headers.isEmpty() ? null : ClientFrames.utf8(headers), sequence)
			.bytes());
		assertThat(TinyMqProto.fixed32(read, "id")).isEqualTo(17);
		assertThat(string(TinyMqProto.bytes(read, "body"))).isEqualTo("{\"n\": [1, 2]}");
	}

	@Test
	void largeMessageIsWrittenFromWhereItIsHeld() {
		byte[] large = ClientFrames.utf8("[" + "1,".repeat(Reply.LARGE_MESSAGE) + "1]");
		Reply framed = Reply.framed(List.of(TinyMqReplies.message(large, null, 5)), this.codec);
		DynamicMessage read = TinyMqProto.decode("ContentRead",
				Arrays.copyOfRange(framed.bytes(), 10, framed.length()));
		assertThat(TinyMqProto.bytes(read, "body")).isEqualTo(large);
	}

	private int closeCode(RejectReason reason) throws Exception {
		return ((CloseFrame) ClientFrames.readAsClient(this.codec.closing(reason)).get(0)).getCloseCode();
	}

	private List<Object> read(byte[]... frames) throws IOException {
		return this.codec.readBatch(new BufferedInputStream(new ByteArrayInputStream(concat(frames))));
	}

	private static FramingError onlyError(List<Object> batch) {
		assertThat(batch).singleElement().isInstanceOf(FramingError.class);
		return (FramingError) batch.get(0);
	}

	private static byte[] message(String message, Object... namesAndValues) {
		return frame(true, BINARY, TinyMqProto.encode(message, namesAndValues));
	}

	private static DynamicMessage decode(String message, Framedata frame) {
		byte[] payload = new byte[frame.getPayloadData().remaining()];
		frame.getPayloadData().get(payload);
		return TinyMqProto.decode(message, payload);
	}

	private static String string(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
