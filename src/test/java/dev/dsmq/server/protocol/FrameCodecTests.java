package dev.dsmq.server.protocol;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import dev.dsmq.server.DsmqTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Frames byte by byte.
 */
class FrameCodecTests {

	private final FrameCodec codec = new FrameCodec(FrameHeader.MAX_BODY_LENGTH);

	@Test
	void readsTheBodyThatTheHeaderAnnounces() throws IOException {
		assertThat(this.codec.readFrame(stream(frame("{\"message\": \"\"}")))).isEqualTo(utf8("{\"message\": \"\"}"));
	}

	@Test
	void readsFramesBackToBackInOrder() throws IOException {
		InputStream in = stream(concat(frame("{\"a\": 1}"), frame("{\"b\": 2}")));
		assertThat(this.codec.readFrame(in)).isEqualTo(utf8("{\"a\": 1}"));
		assertThat(this.codec.readFrame(in)).isEqualTo(utf8("{\"b\": 2}"));
	}

	@Test
	void reassemblesAFrameThatArrivesOneByteAtATime() throws IOException {
		InputStream in = new OneByteAtATime(frame("{\"action\": \"get\", \"topic\": \"t\"}"));
		assertThat(this.codec.readFrame(in)).isEqualTo(utf8("{\"action\": \"get\", \"topic\": \"t\"}"));
	}

	@Test
	void reassemblesFramesBackToBackThatArriveOneByteAtATime() throws IOException {
		InputStream in = new OneByteAtATime(concat(frame("{\"a\": \"\u00e9\"}"), frame("{\"b\": 2}")));
		assertThat(this.codec.readBatch(in)).containsExactly(utf8("{\"a\": \"\u00e9\"}"));
		assertThat(this.codec.readBatch(in)).containsExactly(utf8("{\"b\": 2}"));
		assertThatExceptionOfType(SoftEndOfStreamException.class).isThrownBy(() -> this.codec.readBatch(in));
	}

	@Test
	void batchOfARequestOrTwoEndsWithTheBufferWithoutAskingTheSocket() throws IOException {
		Segments in = new Segments(concat(frame("{\"a\": 1}"), frame("{\"b\": 2}")), frame("{\"c\": 3}"));
		assertThat(this.codec.readBatch(in)).containsExactly(utf8("{\"a\": 1}"), utf8("{\"b\": 2}"));
		assertThat(in.socketAsked).isZero();
		assertThat(this.codec.readBatch(in)).containsExactly(utf8("{\"c\": 3}"));
	}

	@Test
	void batchOfPipelinedFramesGoesOnWithWhatTheSocketHoldsBeyondTheBuffer() throws IOException {
		byte[] first = new byte[0];
		for (int i = 0; i < FrameCodec.PIPELINED; i++) {
			first = concat(first, frame("{\"n\": " + i + "}"));
		}
		Segments in = new Segments(first, concat(frame("{\"n\": 8}"), frame("{\"n\": 9}")));
		assertThat(this.codec.readBatch(in)).hasSize(FrameCodec.PIPELINED + 2).last().isEqualTo(utf8("{\"n\": 9}"));
		assertThat(in.socketAsked).isPositive();
	}

	@Test
	void readsAnEmptyBody() throws IOException {
		assertThat(this.codec.readFrame(stream(utf8("{\"msg_length\": 1000000}")))).isEqualTo(new byte[0]);
	}

	@Test
	void countsBodyLengthInBytesNotCharacters() throws IOException {
		byte[] frame = frame("\"\u00e9\ud83d\ude00\"");
		assertThat(new String(frame, 0, 23, StandardCharsets.US_ASCII)).isEqualTo("{\"msg_length\": 1000008}");
		assertThat(this.codec.readFrame(stream(frame))).isEqualTo(utf8("\"\u00e9\ud83d\ude00\""));
	}

	@Test
	void readsAMultiByteBodyThatArrivesOneByteAtATime() throws IOException {
		String body = "{\"message\": \"\ud83d\ude00\ud83d\ude00 \u00e9\"}";
		assertThat(this.codec.readFrame(new OneByteAtATime(frame(body)))).isEqualTo(utf8(body));
	}

	@Test
	void endOfStreamBetweenFramesIsASoftEnd() {
		assertThatExceptionOfType(SoftEndOfStreamException.class)
			.isThrownBy(() -> this.codec.readFrame(stream(new byte[0])));
	}

	@Test
	void endOfStreamInsideTheHeaderSaysHowMuchArrived() {
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> this.codec.readFrame(stream(utf8("{\"msg_len"))))
			.isNotInstanceOf(SoftEndOfStreamException.class)
			.withMessage("stream closed after 9 of 23 header bytes");
	}

	@Test
	void endOfStreamInsideTheBodySaysHowMuchArrived() {
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> this.codec.readFrame(stream(utf8("{\"msg_length\": 1000010}{\"a\""))))
			.isNotInstanceOf(SoftEndOfStreamException.class)
			.withMessage("stream closed after 4 of 10 body bytes");
	}

	@Test
	void endOfStreamRightAfterTheHeaderSaysNoBodyByteArrived() {
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> this.codec.readFrame(new OneByteAtATime(utf8("{\"msg_length\": 1000003}"))))
			.isNotInstanceOf(SoftEndOfStreamException.class)
			.withMessage("stream closed after 0 of 3 body bytes");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"msg_length\":  100005}", "{\"msg_length\":1000005} ", "{\"msg_length\": 10000x5}",
			"{\"msg_length\": 0999999}", "{\"msg_length\": 1000005 ", "{\"msg-length\": 1000005}",
			"{\"msg_length\": -100005}", "{\"msg_length\": 0000000}", "{\"msg_length\": 1000005]",
			"{\"msg_length\": 1000\u00e95}", "GET / HTTP/1.1\r\nHost: x" })
	void malformedHeaderIsAFramingErrorThatReadsNoFurther(String header) throws IOException {
		byte[] bytes = utf8(header);
		ByteArrayInputStream in = stream(concat(bytes, utf8("{\"a\": 1}")));
		assertThat(this.codec.readFrame(in)).isInstanceOfSatisfying(FramingError.class,
				(error) -> assertThat(error.reason()).isEqualTo(RejectReason.MALFORMED_HEADER));
		assertThat(in.available()).isEqualTo(bytes.length + 8 - 23);
	}

	@Test
	void bodyOverTheLimitIsAFramingErrorNamingBothSizes() throws IOException {
		FrameCodec small = new FrameCodec(10);
		ByteArrayInputStream in = stream(utf8("{\"msg_length\": 1000011}01234567890"));
		assertThat(small.readFrame(in)).isEqualTo(
				new FramingError(RejectReason.BODY_TOO_LARGE, "body of 11 bytes exceeds the 10-byte limit"));
		assertThat(in.available()).isEqualTo(11);
	}

	@Test
	void refusesAnOversizedBodyWithoutWaitingForIt() throws IOException {
		FrameCodec codec = new FrameCodec(1_000_000);
		assertThat(codec.readFrame(stream(utf8("{\"msg_length\": 8999999}")))).isEqualTo(new FramingError(
				RejectReason.BODY_TOO_LARGE, "body of 7999999 bytes exceeds the 1000000-byte limit"));
	}

	@Test
	void bodyAtTheLimitIsRead() throws IOException {
		assertThat(new FrameCodec(10).readFrame(stream(utf8("{\"msg_length\": 1000010}0123456789"))))
			.isEqualTo(utf8("0123456789"));
	}

	@Test
	void readBatchTakesEveryFrameThatHasArrivedInFull() throws IOException {
		InputStream in = new BufferedInputStream(stream(concat(concat(frame("{\"a\": 1}"), frame("{\"b\": 2}")),
				Arrays.copyOf(frame("{\"c\": 3}"), 25))));
		assertThat(this.codec.readBatch(in)).containsExactly(utf8("{\"a\": 1}"), utf8("{\"b\": 2}"));
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> this.codec.readBatch(in))
			.withMessage("stream closed after 2 of 8 body bytes");
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 15, 22 })
	void readBatchHandsOnTheFramesReadWhenTheStreamEndsInTheNextHeader(int arrived) throws IOException {
		byte[] next = frame("{\"b\": 2}");
		InputStream in = new EndsSoonerThanItSays(concat(frame("{\"a\": 1}"), Arrays.copyOf(next, arrived)),
				next.length - arrived);
		assertThat(this.codec.readBatch(in)).containsExactly(utf8("{\"a\": 1}"));
		assertThatExceptionOfType((arrived > 0) ? TruncatedFrameException.class : SoftEndOfStreamException.class)
			.isThrownBy(() -> this.codec.readBatch(in));
	}

	@Test
	void readBatchEndsTheBatchWithABrokenHeader() throws IOException {
		InputStream in = new BufferedInputStream(
				stream(concat(concat(frame("{}"), utf8("{\"msg_length\": 1000x02}{}")), frame("{}"))));
		List<Object> frames = this.codec.readBatch(in);
		assertThat(frames).hasSize(2);
		assertThat(frames.get(0)).isEqualTo(utf8("{}"));
		assertThat(frames.get(1)).isInstanceOf(FramingError.class);
	}

	@Test
	void readBatchHandsOnAtMostABatchOfFrames() throws IOException {
		byte[] one = frame("{}");
		byte[] many = new byte[0];
		for (int i = 0; i < FrameCodec.MAX_BATCH + 5; i++) {
			many = concat(many, one);
		}
		InputStream in = new BufferedInputStream(stream(many));
		assertThat(this.codec.readBatch(in)).hasSize(FrameCodec.MAX_BATCH);
		assertThat(this.codec.readBatch(in)).hasSize(5);
	}

	@Test
	void readBatchReadsOneFrameAtATimeFromAStreamWithoutMark() throws IOException {
		InputStream in = stream(concat(frame("{\"a\": 1}"), frame("{\"b\": 2}")));
		InputStream withoutMark = new FilterInputStream(in) {

			@Override
			public boolean markSupported() {
				return false;
			}

		};
		assertThat(this.codec.readBatch(withoutMark)).containsExactly(utf8("{\"a\": 1}"));
		assertThat(this.codec.readBatch(withoutMark)).containsExactly(utf8("{\"b\": 2}"));
	}

	@Test
	void framesEachReplyBehindItsHeader() throws IOException {
		Reply reply = Reply.message(utf8("\"hi\""));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		Reply.framed(List.of(reply, Reply.fatal(RejectReason.MALFORMED_HEADER, "x")), this.codec).writeTo(out);
		assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"msg_length\": 1000017}{\"message\": \"hi\"}"
				+ "{\"msg_length\": 1000029}{\"message\": \"\", \"error\": \"x\"}");
	}

	@Test
	void limitMustFitInAHeader() {
		assertThatIllegalArgumentException().isThrownBy(() -> new FrameCodec(9_000_000))
			.withMessageContaining("9000000");
		assertThatIllegalArgumentException().isThrownBy(() -> new FrameCodec(-1)).withMessageContaining("-1");
	}

	@Test
	void limitMayBeAnythingAHeaderCanDescribe() {
		assertThat(new FrameCodec(8_999_999).getMaxBodyLength()).isEqualTo(8_999_999);
		assertThat(new FrameCodec(0).getMaxBodyLength()).isZero();
	}

	static byte[] frame(String body) {
		return DsmqTestClient.frame(utf8(body));
	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] both = new byte[first.length + second.length];
		System.arraycopy(first, 0, both, 0, first.length);
		System.arraycopy(second, 0, both, first.length, second.length);
		return both;
	}

	private static ByteArrayInputStream stream(byte[] bytes) {
		return new ByteArrayInputStream(bytes);
	}

	/**
	 * A stream that hands out at most one byte per read, as a connection might under heavy fragmentation.
	 */
	private static final class OneByteAtATime extends InputStream {

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
	 * A connection's buffered input whose socket hands out one segment per read, as the network delivers them, and
	 * counts how often it is asked what it holds.
	 */
	private static final class Segments extends BufferedFrameInput {

		private int socketAsked;

		Segments(byte[]... segments) {
			super(new InputStream() {

				private int next;

				private ByteArrayInputStream current = new ByteArrayInputStream(new byte[0]);

				@Override
				public int read() {
					throw new UnsupportedOperationException("read in segments");
				}

				@Override
				public int read(byte[] b, int off, int len) {
					if (this.current.available() == 0) {
						if (this.next == segments.length) {
							return -1;
						}
						this.current = new ByteArrayInputStream(segments[this.next++]);
					}
					return this.current.read(b, off, len);
				}

				@Override
				public int available() {
					int held = this.current.available();
					for (int i = this.next; i < segments.length; i++) {
						held += segments[i].length;
					}
					return held;
				}

			}, 8192);
		}

		@Override
		public synchronized int available() throws IOException {
			this.socketAsked++;
			return super.available();
		}

	}

}
