package dev.dsmq.server.protocol;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Replies as they go on the wire, framed by the 0.7 codec.
 */
class ReplyTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Codec FRAMED = new FrameCodec(FrameHeader.MAX_BODY_LENGTH);

	@Test
	void messageReplyWrapsTheStoredBytesUnchanged() {
		byte[] stored = "\"h\\u00e9 \u00e9\"".getBytes(StandardCharsets.UTF_8);
		byte[] frame = frame(Reply.message(stored));
		byte[] body = "{\"message\": \"h\\u00e9 \u00e9\"}".getBytes(StandardCharsets.UTF_8);
		assertThat(header(frame)).isEqualTo("{\"msg_length\": " + (1_000_000 + body.length) + "}");
		assertThat(Arrays.copyOfRange(frame, 23, frame.length)).isEqualTo(body);
	}

	@Test
	void messageReplyHeaderCountsBytesNotCharacters() {
		byte[] frame = frame(Reply.message("\"\ud83d\ude00\"".getBytes(StandardCharsets.UTF_8)));
		assertThat(header(frame)).isEqualTo("{\"msg_length\": 1000019}");
		assertThat(frame).hasSize(23 + 19);
		assertThat(body(frame)).containsExactly(entry("message", "\ud83d\ude00"));
	}

	@Test
	void groupMessageReplyCarriesTheIdTheMessageItsMetadataAndWhatTheGroupKnowsOfIt() {
		Reply reply = Reply.groupMessage("\"g\"".getBytes(StandardCharsets.US_ASCII),
				"{\"n\": 1}".getBytes(StandardCharsets.US_ASCII), 9007199254740993L, 1767225600125L,
				"{\"trace\": \"t\"}".getBytes(StandardCharsets.US_ASCII), 1767225601005L, 2);
		assertThat(new String(reply.bytes(), StandardCharsets.US_ASCII)).isEqualTo("{\"id\": \"g\", \"message\": "
				+ "{\"n\": 1}, \"seq\": 9007199254740993, \"sent\": 1767225600.125, \"first_retrieved\": "
				+ "1767225601.005, \"retrieval_count\": 2, \"headers\": {\"trace\": \"t\"}}");
		assertThat(new String(Reply.groupMessage(null, "1".getBytes(StandardCharsets.US_ASCII), 1, 1000, null, 0, 0)
			.bytes(), StandardCharsets.US_ASCII))
			.isEqualTo("{\"message\": 1, \"seq\": 1, \"sent\": 1.000, \"first_retrieved\": null, "
					+ "\"retrieval_count\": 0}");
	}

	@Test
	void groupMessageReplyOfALargeMessageKeepsItWhole() {
		byte[] large = ("\"" + "x".repeat(Reply.LARGE_MESSAGE) + "\"").getBytes(StandardCharsets.US_ASCII);
		Map<String, Object> body = body(Reply.groupMessage(null, large, 5, 2000, null, 3000, 1));
		assertThat(body).containsEntry("message", "x".repeat(Reply.LARGE_MESSAGE)).containsEntry("seq", 5)
			.containsEntry("retrieval_count", 1);
	}

	@Test
	void messageReplyOfAnEmptyStringIsTheEmptyReply() {
		assertThat(frame(Reply.message("\"\"".getBytes(StandardCharsets.US_ASCII)))).isEqualTo(frame(Reply.empty()));
	}

	@Test
	void emptyReplyHasAnEmptyMessage() {
		assertThat(body(Reply.empty())).containsExactly(entry("message", ""));
		assertThat(header(frame(Reply.empty()))).isEqualTo("{\"msg_length\": 1000015}");
		assertThat(Reply.empty().closesConnection()).isFalse();
	}

	@Test
	void errorReplyCarriesTheReasonExactlyAndKeepsTheConnection() {
		String reason = "bad \"topic\" \\ \u0000\n\t\u001f\u007f \u00e9 \u2028 \ud83d\ude00 \ud800";
		Reply reply = Reply.error(reason);
		assertThat(body(reply)).containsExactly(entry("message", ""), entry("error", reason));
		assertThat(reply.closesConnection()).isFalse();
	}

	@Test
	void fatalReplyClosesTheConnection() {
		Reply reply = Reply.fatal(RejectReason.MALFORMED_HEADER, "header is \"broken\"");
		assertThat(body(reply)).containsExactly(entry("message", ""), entry("error", "header is \"broken\""));
		assertThat(reply.closesConnection()).isTrue();
	}

	@Test
	void acknowledgementCarriesTheIdWhenThereIsOne() {
		assertThat(body(Reply.acknowledged("\"a\"".getBytes(StandardCharsets.UTF_8))))
			.containsExactly(entry("id", "a"), entry("ok", true));
		assertThat(body(Reply.acknowledged(null))).containsExactly(entry("ok", true));
		assertThat(Reply.acknowledged(null).closesConnection()).isFalse();
	}

	@Test
	void storedPutIsAcknowledgedWithItsIdAndSequenceNumber() {
		Reply reply = Reply.stored("\"p\"".getBytes(StandardCharsets.UTF_8), 9_007_199_254_740_993L);
		assertThat(new String(reply.bytes(), StandardCharsets.UTF_8))
			.isEqualTo("{\"id\": \"p\", \"ok\": true, \"seq\": 9007199254740993}");
		assertThat(reply.closesConnection()).isFalse();
	}

	@Test
	void messageWithMetadataCarriesTheSequenceNumberAndTheSecondsItWasSentAfterTheMessage() {
		byte[] message = "[1, \"two\"]".getBytes(StandardCharsets.UTF_8);
		assertThat(text(Reply.message(null, message, 42, 1_767_225_600_250L, null)))
			.isEqualTo("{\"message\": [1, \"two\"], \"seq\": 42, \"sent\": 1767225600.250}");
		assertThat(text(Reply.message("7".getBytes(StandardCharsets.UTF_8), message, 43, 1_767_225_601_000L, null)))
			.isEqualTo("{\"id\": 7, \"message\": [1, \"two\"], \"seq\": 43, \"sent\": 1767225601.000}");
		assertThat(text(Reply.message(null, message, 1, 5, null))).endsWith("\"sent\": 0.005}");
	}

	@Test
	void messageWithMetadataCarriesTheHeadersLastAsTheyWerePut() {
		String headers = "{ \"traceparent\":\"00-ab-cd-01\" , \"\u00e9\": \"\\u00e9\"}";
		Reply reply = Reply.message(null, "1".getBytes(StandardCharsets.US_ASCII), 2, 3_000,
				headers.getBytes(StandardCharsets.UTF_8));
		assertThat(text(reply))
			.isEqualTo("{\"message\": 1, \"seq\": 2, \"sent\": 3.000, \"headers\": " + headers + "}");
	}

	@Test
	void largeMessageWithMetadataIsWrittenFromWhereItIsHeldWithoutBeingCopied() throws IOException {
		byte[] message = ("\"" + "m".repeat(Reply.LARGE_MESSAGE) + "\"").getBytes(StandardCharsets.US_ASCII);
		byte[] headers = "{\"k\": \"v\"}".getBytes(StandardCharsets.US_ASCII);
		Reply reply = Reply.message(null, message, 9, 1_000, headers);
		List<Boolean> held = new ArrayList<>();
		reply.writeTo(new OutputStream() {

			@Override
			public void write(int b) {
				throw new AssertionError("one byte at a time");
			}

			@Override
			public void write(byte[] bytes, int offset, int length) {
				held.add(bytes == message);
			}

		});
		assertThat(held).containsExactly(false, true, false);
		assertThat(reply.length()).isEqualTo(reply.bytes().length);
		assertThat(body(reply)).containsExactly(entry("message", "m".repeat(Reply.LARGE_MESSAGE)), entry("seq", 9),
				entry("sent", 1.0), entry("headers", Map.of("k", "v")));
	}

	@Test
	void combinedReplyHoldsEveryFrameInOrderAndClosesIfTheLastDoes() {
		Reply first = Reply.message("\"a\"".getBytes(StandardCharsets.UTF_8));
		Reply second = Reply.empty();
		Reply combined = Reply.framed(List.of(first, second, Reply.fatal(RejectReason.MALFORMED_HEADER, "broken")), FRAMED);
		byte[] expected = new byte[frame(first).length + frame(second).length + frame(Reply.fatal(RejectReason.MALFORMED_HEADER, "broken")).length];
		System.arraycopy(frame(first), 0, expected, 0, frame(first).length);
		System.arraycopy(frame(second), 0, expected, frame(first).length, frame(second).length);
		System.arraycopy(frame(Reply.fatal(RejectReason.MALFORMED_HEADER, "broken")), 0, expected, frame(first).length + frame(second).length,
				frame(Reply.fatal(RejectReason.MALFORMED_HEADER, "broken")).length);
		assertThat(combined.bytes()).isEqualTo(expected);
		assertThat(combined.closesConnection()).isTrue();
		assertThat(Reply.framed(List.of(first, second), FRAMED).closesConnection()).isFalse();
	}

	@Test
	void largeMessageIsWrittenFromWhereItIsHeldWithoutBeingCopied() throws IOException {
		byte[] message = ("\"" + "x".repeat(Reply.LARGE_MESSAGE) + "\"").getBytes(StandardCharsets.US_ASCII);
		Reply reply = Reply.message("7".getBytes(StandardCharsets.US_ASCII), message);
		List<byte[]> writes = new ArrayList<>();
		reply.writeTo(new OutputStream() {

			@Override
			public void write(int b) {
				throw new AssertionError("one byte at a time");
			}

			@Override
			public void write(byte[] bytes, int offset, int length) {
				writes.add(Arrays.copyOfRange(bytes, offset, offset + length));
				if (bytes == message) {
					writes.set(writes.size() - 1, null);
				}
			}

		});
		assertThat(writes).hasSize(3).containsNull();
		assertThat(reply.length()).isEqualTo(reply.bytes().length);
		assertThat(body(reply)).containsExactly(entry("id", 7), entry("message", "x".repeat(Reply.LARGE_MESSAGE)));
	}

	@Test
	void combinedRepliesKeepSmallFramesTogetherAndALargeMessageApart() throws IOException {
		byte[] large = ("\"" + "y".repeat(Reply.LARGE_MESSAGE) + "\"").getBytes(StandardCharsets.US_ASCII);
		Reply combined = Reply.framed(List.of(Reply.empty(), Reply.message(large), Reply.ok("1".getBytes()),
				Reply.empty()), FRAMED);
		ByteArrayOutputStream written = new ByteArrayOutputStream();
		int[] writes = new int[1];
		combined.writeTo(new FilterOutputStream(written) {

			@Override
			public void write(byte[] bytes, int offset, int length) {
				writes[0]++;
				written.write(bytes, offset, length);
			}

		});
		// the empty reply and the head of the message reply, the message, then its tail and the other two
		assertThat(writes[0]).isEqualTo(3);
		assertThat(written.toByteArray()).isEqualTo(combined.bytes()).hasSize(combined.length());
	}

	private static String text(Reply reply) {
		return new String(reply.bytes(), StandardCharsets.UTF_8);
	}

	private static byte[] frame(Reply reply) {
		return Reply.framed(List.of(reply), FRAMED).bytes();
	}

	private static String header(byte[] frame) {
		return new String(frame, 0, 23, StandardCharsets.US_ASCII);
	}

	private static Map<String, Object> body(Reply reply) {
		return body(frame(reply));
	}

	private static Map<String, Object> body(byte[] frame) {
		int length = Integer.parseInt(header(frame).substring(15, 22)) - 1_000_000;
		assertThat(frame).hasSize(23 + length);
		return json.readValue(Arrays.copyOfRange(frame, 23, frame.length),
				json.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
	}

}
