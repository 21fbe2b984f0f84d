package dev.dsmq.client;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FramesTests {

	@Test
	void headerCountsBodyBytesNotCharacters() {
		byte[] frame = Frames.encode("{\"message\": \"é\"}".getBytes(StandardCharsets.UTF_8));
		assertThat(new String(frame, 0, 23, StandardCharsets.US_ASCII)).isEqualTo("{\"msg_length\": 1000017}");
	}

	@Test
	void readReturnsTheBodyOfEachFrameInTurn() throws Exception {
		byte[] first = Frames.encode("{}".getBytes(StandardCharsets.UTF_8));
		byte[] second = Frames.encode("[1]".getBytes(StandardCharsets.UTF_8));
		byte[] both = new byte[first.length + second.length];
		System.arraycopy(first, 0, both, 0, first.length);
		System.arraycopy(second, 0, both, first.length, second.length);
		ByteArrayInputStream in = new ByteArrayInputStream(both);
		assertThat(Frames.read(in)).asString(StandardCharsets.UTF_8).isEqualTo("{}");
		assertThat(Frames.read(in)).asString(StandardCharsets.UTF_8).isEqualTo("[1]");
		assertThat(Frames.read(in)).isNull();
	}

	@Test
	void readRejectsAHeaderThatIsNotADsmqHeader() {
		ByteArrayInputStream in = new ByteArrayInputStream(
				"{\"msg_length\":  1000002}{}".getBytes(StandardCharsets.US_ASCII));
		assertThatExceptionOfType(Frames.MalformedFrameException.class).isThrownBy(() -> Frames.read(in))
			.withMessageContaining("header is not");
	}

	@Test
	void readRejectsAStreamThatEndsInsideABody() {
		ByteArrayInputStream in = new ByteArrayInputStream(
				"{\"msg_length\": 1000010}{}".getBytes(StandardCharsets.US_ASCII));
		assertThatExceptionOfType(EOFException.class).isThrownBy(() -> Frames.read(in))
			.withMessage("stream closed after 2 of 10 body bytes");
	}

	@Test
	void encodeRefusesABodyTheHeaderCannotDescribe() {
		assertThatIllegalArgumentException().isThrownBy(() -> Frames.encode(new byte[9_000_000]))
			.withMessage("body of 9000000 bytes exceeds the 8999999-byte limit");
	}

}
