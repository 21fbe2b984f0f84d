package dev.dsmq.server.protocol;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.dsmq.server.WireArbitraries;
import dev.dsmq.server.protocol.FrameCodecPropertyTests.Delivery;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generation detection and the dsmq 0.1-0.4 codec, whatever the bytes and however they are split into reads.
 */
class HeaderlessCodecPropertyTests {

	@Property(tries = 300)
	void requestsBackToBackAreReadExactlyAsSentHoweverSplit(
			@ForAll("requestLists") List<byte[]> requests,
			@ForAll("whitespace") String separator, @ForAll Delivery delivery,
			@ForAll @IntRange(min = 1, max = 64) int chunkSize) throws IOException {
		List<byte[]> parts = new ArrayList<>();
		for (byte[] request : requests) {
			parts.add(request);
			parts.add(separator.getBytes(StandardCharsets.US_ASCII));
		}
		HeaderlessCodec codec = new HeaderlessCodec(FrameHeader.MAX_BODY_LENGTH);
		InputStream in = delivery.stream(WireArbitraries.concat(parts), chunkSize);
		List<Object> read = new ArrayList<>();
		try {
			while (true) {
				List<Object> batch = codec.readBatch(in);
				assertThat(batch).isNotEmpty().hasSizeLessThanOrEqualTo(FrameCodec.MAX_BATCH);
				read.addAll(batch);
			}
		}
		catch (SoftEndOfStreamException ex) {
			// the clean end, after the last request
		}
		assertThat(read).containsExactlyElementsOf(requests);
	}

	@Property(tries = 500)
	void anyBytesAreReadAsRequestsOrOneFramingErrorOrTheEndOfTheStream(@ForAll("jsonish") byte[] bytes,
			@ForAll @IntRange(min = 0, max = 300) int maxBodyLength, @ForAll Delivery delivery,
			@ForAll @IntRange(min = 1, max = 64) int chunkSize) {
		HeaderlessCodec codec = new HeaderlessCodec(maxBodyLength);
		InputStream in = delivery.stream(bytes, chunkSize);
		long taken = 0;
		while (true) {
			List<Object> batch;
			try {
				batch = codec.readBatch(in);
			}
			catch (IOException | SoftEndOfStreamException ex) {
				break;
			}
			for (Object request : batch.subList(0, batch.size() - 1)) {
				assertThat(request).isInstanceOf(byte[].class);
			}
			for (Object request : batch) {
				if (request instanceof byte[] body) {
					assertThat(body).hasSizeLessThanOrEqualTo(maxBodyLength);
					assertThat(body[0]).isEqualTo((byte) '{');
					taken += body.length;
				}
			}
			if (batch.get(batch.size() - 1) instanceof FramingError) {
				break;
			}
		}
		assertThat(taken).isLessThanOrEqualTo(bytes.length);
	}

	@Property(tries = 300)
	void detectionTellsEachGenerationAndLeavesItsBytesInTheStream(@ForAll("openings") Opening opening,
			@ForAll Delivery delivery, @ForAll @IntRange(min = 1, max = 64) int chunkSize) throws IOException {
		InputStream in = delivery.stream(opening.bytes(), chunkSize);
		if (!in.markSupported()) {
			in = new BufferedInputStream(in);
		}
		assertThat(Detection.detect(in)).isEqualTo(opening.generation());
		assertThat(in.readAllBytes()).isEqualTo(opening.bytes());
	}

	@Provide
	Arbitrary<List<byte[]>> requestLists() {
		return WireArbitraries.validRequestBodies().list().ofMinSize(1).ofMaxSize(20);
	}

	@Provide
	Arbitrary<String> whitespace() {
		return Arbitraries.of("", " ", "\n", "\r\n", "\t ");
	}

	@Provide
	Arbitrary<byte[]> jsonish() {
		return Arbitraries.oneOf(WireArbitraries.jsonishBodies(), WireArbitraries.randomBytes(200),
				WireArbitraries.validRequestBodies().list().ofMaxSize(5).map(WireArbitraries::concat));
	}

	@Provide
	Arbitrary<Opening> openings() {
		Arbitrary<Opening> framed = WireArbitraries.frameSequences()
			.filter((sequence) -> sequence.bytes().length > 0)
			.map((sequence) -> new Opening(sequence.bytes(), Generation.FRAMED));
		Arbitrary<Opening> headerless = WireArbitraries.validRequestBodies()
			.map((body) -> new Opening(body, Generation.HEADERLESS));
		Arbitrary<Opening> websocket = Arbitraries.of("/", "/topic", "/?x=1")
			.map((path) -> new Opening(("GET " + path + " HTTP/1.1\r\nHost: h\r\n\r\n").getBytes(StandardCharsets.US_ASCII),
					Generation.WEBSOCKET));
		Arbitrary<Opening> none = WireArbitraries.randomBytes(40)
			.filter((bytes) -> bytes.length > 0 && bytes[0] != '{' && bytes[0] != 'G')
			.map((bytes) -> new Opening(bytes, null));
		return Arbitraries.oneOf(framed, headerless, websocket, none);
	}

	record Opening(byte[] bytes, Generation generation) {
	}

}
