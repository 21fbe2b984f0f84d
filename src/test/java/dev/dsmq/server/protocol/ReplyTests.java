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
 * Reply frames as they go on the wire.
 */
class ReplyTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Test
	void messageReplyWrapsTheStoredBytesUnchanged() {
		byte[] stored = "\"h\\u00e9 \u00e9\"".getBytes(StandardCharsets.UTF_8);
		byte[] frame = Reply.message(stored).frame();
		byte[] body = "{\"message\": \"h\\u00e9 \u00e9\"}".getBytes(StandardCharsets.UTF_8);
		assertThat(header(frame)).isEqualTo("{\"msg_length\": " + (1_000_000 + body.length) + "}");
		assertThat(Arrays.copyOfRange(frame, 23, frame.length)).isEqualTo(body);
	}

	@Test
	void messageReplyHeaderCountsBytesNotCharacters() {
		byte[] frame = Reply.message("\"\ud83d\ude00\"".getBytes(StandardCharsets.UTF_8)).frame();
		assertThat(header(frame)).isEqualTo("{\"msg_length\": 1000019}");
		assertThat(frame).hasSize(23 + 19);
		assertThat(body(frame)).containsExactly(entry("message", "\ud83d\ude00"));
	}

	@Test
	void messageReplyOfAnEmptyStringIsTheEmptyReply() {
		assertThat(Reply.message("\"\"".getBytes(StandardCharsets.US_ASCII)).frame()).isEqualTo(Reply.empty().frame());
	}

	@Test
	void emptyReplyHasAnEmptyMessage() {
		assertThat(body(Reply.empty())).containsExactly(entry("message", ""));
		assertThat(header(Reply.empty().frame())).isEqualTo("{\"msg_length\": 1000015}");
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
		Reply reply = Reply.fatal("header is \"broken\"");
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
	void combinedReplyHoldsEveryFrameInOrderAndClosesIfTheLastDoes() {
		Reply first = Reply.message("\"a\"".getBytes(StandardCharsets.UTF_8));
		Reply second = Reply.empty();
		Reply combined = Reply.combine(List.of(first, second, Reply.fatal("broken")));
		byte[] expected = new byte[first.frame().length + second.frame().length + Reply.fatal("broken").frame().length];
		System.arraycopy(first.frame(), 0, expected, 0, first.frame().length);
		System.arraycopy(second.frame(), 0, expected, first.frame().length, second.frame().length);
		System.arraycopy(Reply.fatal("broken").frame(), 0, expected, first.frame().length + second.frame().length,
				Reply.fatal("broken").frame().length);
		assertThat(combined.frame()).isEqualTo(expected);
		assertThat(combined.closesConnection()).isTrue();
		assertThat(Reply.combine(List.of(first, second)).closesConnection()).isFalse();
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
		assertThat(reply.length()).isEqualTo(reply.frame().length);
		assertThat(body(reply)).containsExactly(entry("id", 7), entry("message", "x".repeat(Reply.LARGE_MESSAGE)));
	}

	@Test
	void combinedRepliesKeepSmallFramesTogetherAndALargeMessageApart() throws IOException {
		byte[] large = ("\"" + "y".repeat(Reply.LARGE_MESSAGE) + "\"").getBytes(StandardCharsets.US_ASCII);
		Reply combined = Reply.combine(List.of(Reply.empty(), Reply.message(large), Reply.ok("1".getBytes()),
				Reply.empty()));
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
		assertThat(written.toByteArray()).isEqualTo(combined.frame()).hasSize(combined.length());
	}

	private static String header(byte[] frame) {
		return new String(frame, 0, 23, StandardCharsets.US_ASCII);
	}

	private static Map<String, Object> body(Reply reply) {
		return body(reply.frame());
	}

	private static Map<String, Object> body(byte[] frame) {
		int length = Integer.parseInt(header(frame).substring(15, 22)) - 1_000_000;
		assertThat(frame).hasSize(23 + length);
		return json.readValue(Arrays.copyOfRange(frame, 23, frame.length),
				json.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
	}

}
