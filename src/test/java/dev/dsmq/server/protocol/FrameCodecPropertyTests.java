package dev.dsmq.server.protocol;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.dsmq.server.WireArbitraries;
import dev.dsmq.server.WireArbitraries.FrameSequence;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever bytes arrive, the codec hands on bodies and at most one framing error, or reports the end of the stream
 * with a {@link SoftEndOfStreamException} (between frames) or an {@link IOException} (within one); it never throws
 * anything else, however the bytes are split into reads.
 */
class FrameCodecPropertyTests {

	@Property(tries = 500)
	void randomBytesAreReadAsFramesOrAFramingErrorOrTheEndOfTheStream(@ForAll("randomBytes") byte[] bytes,
			@ForAll("maxBodyLengths") int maxBodyLength, @ForAll Delivery delivery,
			@ForAll @IntRange(min = 1, max = 64) int chunkSize) {
		assertReadAsFramesOrAFramingErrorOrTheEnd(bytes, maxBodyLength, delivery, chunkSize);
	}

	@Property(tries = 500)
	void mutatedFramesAreReadAsFramesOrAFramingErrorOrTheEndOfTheStream(@ForAll("mutatedFrames") byte[] bytes,
			@ForAll("maxBodyLengths") int maxBodyLength, @ForAll Delivery delivery,
			@ForAll @IntRange(min = 1, max = 64) int chunkSize) {
		assertReadAsFramesOrAFramingErrorOrTheEnd(bytes, maxBodyLength, delivery, chunkSize);
	}

	@Property(tries = 300)
	void truncatedFramesYieldEveryWholeFrameThenTellACleanEndFromACut(@ForAll("frameSequences") FrameSequence sequence,
			@ForAll @IntRange(min = 0, max = 100_000) int cutPoint, @ForAll Delivery delivery,
			@ForAll @IntRange(min = 1, max = 64) int chunkSize) {
		int cut = cutPoint % (sequence.bytes().length + 1);
		byte[] truncated = Arrays.copyOf(sequence.bytes(), cut);
		Outcome outcome = readToEnd(new FrameCodec(FrameHeader.MAX_BODY_LENGTH), delivery.stream(truncated, chunkSize));
		int whole = 0;
		int end = 0;
		while (whole < sequence.bodies().size() && end + FrameHeader.LENGTH + sequence.bodies().get(whole).length <= cut) {
			end += FrameHeader.LENGTH + sequence.bodies().get(whole).length;
			whole++;
		}
		assertThat(outcome.frames()).containsExactlyElementsOf(sequence.bodies().subList(0, whole));
		if (end == cut) {
			assertThat(outcome.end()).isInstanceOf(SoftEndOfStreamException.class);
		}
		else {
			assertThat(outcome.end()).isInstanceOf(IOException.class);
		}
	}

	private static void assertReadAsFramesOrAFramingErrorOrTheEnd(byte[] bytes, int maxBodyLength, Delivery delivery,
			int chunkSize) {
		Outcome outcome = readToEnd(new FrameCodec(maxBodyLength), delivery.stream(bytes, chunkSize));
		assertThat(outcome.bytesInFrames()).as("bytes taken as frames").isLessThanOrEqualTo(bytes.length);
		outcome.frames().forEach((frame) -> assertThat(frame).isInstanceOfAny(byte[].class, FramingError.class));
	}

	@Provide
	Arbitrary<byte[]> randomBytes() {
		return Arbitraries.oneOf(WireArbitraries.randomBytes(200),
				// random bytes after a valid header prefix reach the digit checks
				WireArbitraries.randomBytes(40).map((tail) -> WireArbitraries
					.concat(List.of("{\"msg_length\": ".getBytes(StandardCharsets.US_ASCII), tail))));
	}

	@Provide
	Arbitrary<byte[]> mutatedFrames() {
		return WireArbitraries.mutatedFrameSequences();
	}

	@Provide
	Arbitrary<FrameSequence> frameSequences() {
		return WireArbitraries.frameSequences();
	}

	@Provide
	Arbitrary<Integer> maxBodyLengths() {
		return Arbitraries.oneOf(Arbitraries.integers().between(0, 300), Arbitraries.just(FrameHeader.MAX_BODY_LENGTH));
	}

	/**
	 * Call {@code readBatch} as a connection does until the stream ends or a framing error closes it, checking each
	 * batch. Any exception but the two that end a stream escapes and fails the property.
	 */
	private static Outcome readToEnd(FrameCodec codec, InputStream in) {
		List<Object> frames = new ArrayList<>();
		while (true) {
			List<Object> batch;
			try {
				batch = codec.readBatch(in);
			}
			catch (IOException | SoftEndOfStreamException ex) {
				return new Outcome(frames, ex);
			}
			assertThat(batch).isNotEmpty().hasSizeLessThanOrEqualTo(FrameCodec.MAX_BATCH);
			for (Object frame : batch.subList(0, batch.size() - 1)) {
				assertThat(frame).as("only the last frame of a batch may be a framing error").isInstanceOf(byte[].class);
			}
			batch.stream()
				.filter(byte[].class::isInstance)
				.forEach((body) -> assertThat((byte[]) body).hasSizeLessThanOrEqualTo(codec.getMaxBodyLength()));
			frames.addAll(batch);
			if (batch.get(batch.size() - 1) instanceof FramingError) {
				return new Outcome(frames, null);
			}
		}
	}

	private record Outcome(List<Object> frames, @Nullable Exception end) {

		int bytesInFrames() {
			return this.frames.stream().mapToInt((frame) -> (frame instanceof byte[] body) ? FrameHeader.LENGTH + body.length : FrameHeader.LENGTH).sum();
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
				case BUFFERED_FRAME_INPUT -> new BufferedFrameInput(new Chunked(bytes, chunkSize), 64);
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
