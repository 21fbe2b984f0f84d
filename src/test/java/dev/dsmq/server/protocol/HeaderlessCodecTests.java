package dev.dsmq.server.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The dsmq 0.1-0.4 codec, byte by byte.
 */
class HeaderlessCodecTests {

	@Test
	void aConnectionOfSmallRequestsKeepsOnlyTheSmallBuffer() throws IOException {
		HeaderlessCodec codec = new HeaderlessCodec(FrameHeader.MAX_BODY_LENGTH);
		RecordingFrameInput in = new RecordingFrameInput(
				"{\"action\": \"get\", \"topic\": \"t\"}\n".getBytes(StandardCharsets.US_ASCII));
		assertThat(codec.readBatch(in)).singleElement().isInstanceOf(byte[].class);
		assertThat(codec.capacity()).isEqualTo(HeaderlessCodec.SMALL);
	}

	@Test
	void anObjectGrowsTheBufferToAChunkWithoutAskingForRoom() throws IOException {
		String object = "{\"action\": \"put\", \"topic\": \"t\", \"message\": \"" + "x".repeat(7_000) + "\"}";
		HeaderlessCodec codec = new HeaderlessCodec(FrameHeader.MAX_BODY_LENGTH);
		RecordingFrameInput in = new RecordingFrameInput(object.getBytes(StandardCharsets.US_ASCII));
		assertThat(codec.readBatch(in)).singleElement().isInstanceOf(byte[].class);
		assertThat(in.events).noneMatch((event) -> event.startsWith("admit"));
	}

	@Test
	void largeObjectFollowedByWhitespaceLeavesNoLargeBufferBehind() throws IOException {
		String large = "{\"action\": \"put\", \"topic\": \"t\", \"message\": \"" + "x".repeat(2_000_000) + "\"}\n";
		HeaderlessCodec codec = new HeaderlessCodec(FrameHeader.MAX_BODY_LENGTH);
		RecordingFrameInput in = new RecordingFrameInput(large.getBytes(StandardCharsets.US_ASCII));
		assertThat(codec.readBatch(in)).singleElement().isInstanceOf(byte[].class);
		assertThat(codec.capacity()).isEqualTo(HeaderlessCodec.CHUNK);
	}

	@Test
	void largeObjectFollowedByTheStartOfAnotherKeepsThatStart() throws IOException {
		String large = "{\"message\": \"" + "x".repeat(100_000) + "\"}{\"action\": \"get\", ";
		HeaderlessCodec codec = new HeaderlessCodec(FrameHeader.MAX_BODY_LENGTH);
		RecordingFrameInput in = new RecordingFrameInput(
				(large + "\"topic\": \"t\"}").getBytes(StandardCharsets.US_ASCII));
		java.util.List<Object> read = new java.util.ArrayList<>(codec.readBatch(in));
		while (read.size() < 2) {
			read.addAll(codec.readBatch(in));
		}
		assertThat(new String((byte[]) read.get(1), StandardCharsets.US_ASCII))
			.isEqualTo("{\"action\": \"get\", \"topic\": \"t\"}");
		assertThat(codec.capacity()).isEqualTo(HeaderlessCodec.CHUNK);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", " {\"b\"" })
	void handsOnTheBatchReadWhenTheStreamEndsBehindIt(String rest) throws IOException {
		HeaderlessCodec codec = new HeaderlessCodec(FrameHeader.MAX_BODY_LENGTH);
		EndsSoonerThanItSays in = new EndsSoonerThanItSays(("{\"a\": 1}" + rest).getBytes(StandardCharsets.US_ASCII),
				100);
		assertThat(codec.readBatch(in)).singleElement()
			.isEqualTo("{\"a\": 1}".getBytes(StandardCharsets.US_ASCII));
		assertThatExceptionOfType(rest.contains("{") ? TruncatedFrameException.class : SoftEndOfStreamException.class)
			.isThrownBy(() -> codec.readBatch(in));
	}

}
