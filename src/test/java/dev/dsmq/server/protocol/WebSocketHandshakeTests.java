package dev.dsmq.server.protocol;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import dev.dsmq.server.protocol.WebSocketCodecTests.OneByteAtATime;
import dev.dsmq.server.protocol.WebSocketCodecTests.TimesOutAfter;
import dev.dsmq.server.protocol.WebSocketHandshake.Accepted;
import dev.dsmq.server.protocol.WebSocketHandshake.Outcome;
import dev.dsmq.server.protocol.WebSocketHandshake.Refused;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The opening handshake, request head by request head.
 */
class WebSocketHandshakeTests {

	/** The server's default, dsmq.websocket.max-handshake-size. */
	private static final int MAX_HEAD_LENGTH = 8192;

	private static final String SAMPLE_KEY = "dGhlIHNhbXBsZSBub25jZQ==";

	/** What the dsmq 1.x client, on the Python websockets library, sends. */
	private static final String DSMQ_CLIENT_REQUEST = "GET / HTTP/1.1\r\n" + "Host: localhost:30008\r\n"
			+ "Upgrade: websocket\r\n" + "Connection: Upgrade\r\n" + "Sec-WebSocket-Key: " + SAMPLE_KEY + "\r\n"
			+ "Sec-WebSocket-Version: 13\r\n"
			+ "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
			+ "User-Agent: Python/3.12 websockets/14.1\r\n\r\n";

	@Test
	void acceptsTheRfcSampleKeyWithItsAcceptValue() throws IOException {
		Accepted accepted = accept(DSMQ_CLIENT_REQUEST);
		assertThat(accepted.path()).isEqualTo("/");
		assertThat(text(accepted.response())).isEqualTo("HTTP/1.1 101 Switching Protocols\r\n"
				+ "Connection: Upgrade\r\n" + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
				+ "Upgrade: websocket\r\n\r\n");
	}

	@Test
	void declinesPermessageDeflateByLeavingItOut() throws IOException {
		assertThat(text(accept(DSMQ_CLIENT_REQUEST).response())).doesNotContainIgnoringCase("Sec-WebSocket-Extensions")
			.doesNotContain("deflate");
	}

	@Test
	void readsNothingPastTheHead() throws IOException {
		byte[] frame = ClientFrames.text("{}");
		ByteArrayInputStream in = new ByteArrayInputStream(ClientFrames.concat(ascii(DSMQ_CLIENT_REQUEST), frame));
		assertThat(read(in)).isInstanceOf(Accepted.class);
		assertThat(in.readAllBytes()).isEqualTo(frame);
	}

	@Test
	void readsAHeadThatArrivesOneByteAtATime() throws IOException {
		assertThat(read(new OneByteAtATime(ascii(DSMQ_CLIENT_REQUEST))))
			.isInstanceOf(Accepted.class);
	}

	@Test
	void acceptsAConnectionHeaderOfSeveralTokensAndNamesInAnyCase() throws IOException {
		String request = "GET / HTTP/1.1\r\nhost: example.com\r\nUPGRADE: WebSocket\r\n"
				+ "connection: keep-alive, Upgrade\r\nsec-websocket-key: " + SAMPLE_KEY + "\r\n"
				+ "SEC-WEBSOCKET-VERSION: 13\r\n\r\n";
		assertThat(text(accept(request).response())).contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
	}

	@Test
	void acceptsAConnectionHeaderRepeated() throws IOException {
		String request = DSMQ_CLIENT_REQUEST.replace("Connection: Upgrade\r\n",
				"Connection: keep-alive\r\nConnection: upgrade\r\n");
		assertThat(read(stream(request))).isInstanceOf(Accepted.class);
	}

	@Test
	void tellsTheInputWhereTheHeadStartsAndEnds() throws IOException {
		RecordingFrameInput in = new RecordingFrameInput(ascii(DSMQ_CLIENT_REQUEST));
		read(in);
		assertThat(in.events).containsExactly("started", "ended");
	}

	@Test
	void refusesARequestWithoutUpgrade() throws IOException {
		assertRefused(without("Upgrade"), 400, "not a WebSocket upgrade: no Upgrade: websocket header");
		assertRefused(DSMQ_CLIENT_REQUEST.replace("Upgrade: websocket", "Upgrade: h2c"), 400,
				"not a WebSocket upgrade: no Upgrade: websocket header");
	}

	@Test
	void refusesARequestWithoutConnectionUpgrade() throws IOException {
		assertRefused(without("Connection"), 400, "not a WebSocket upgrade: no Connection: Upgrade header");
		assertRefused(DSMQ_CLIENT_REQUEST.replace("Connection: Upgrade", "Connection: notupgrade"), 400,
				"not a WebSocket upgrade: no Connection: Upgrade header");
	}

	@Test
	void refusesARequestWithoutHost() throws IOException {
		assertRefused(without("Host"), 400, "no Host header");
	}

	@Test
	void refusesARequestWithoutKey() throws IOException {
		assertRefused(without("Sec-WebSocket-Key"), 400, "no Sec-WebSocket-Key header");
	}

	@ParameterizedTest
	@ValueSource(strings = { "not base64!", "dGhlIHNhbXBsZSBub25j", "dGhlIHNhbXBsZSBub25jZSE=" })
	void refusesAKeyThatIsNot16BytesInBase64(String key) throws IOException {
		assertRefused(DSMQ_CLIENT_REQUEST.replace(SAMPLE_KEY, key), 400,
				"Sec-WebSocket-Key \"" + key + "\" is not 16 bytes in base64");
	}

	@Test
	void refusesARequestWithoutVersion() throws IOException {
		assertRefused(without("Sec-WebSocket-Version"), 400, "no Sec-WebSocket-Version header");
	}

	@ParameterizedTest
	@ValueSource(strings = { "8", "14", "thirteen" })
	void refusesAnotherVersionNamingTheOneSpoken(String version) throws IOException {
		Refused refused = assertRefused(DSMQ_CLIENT_REQUEST.replace("Version: 13", "Version: " + version), 426,
				"WebSocket version \"" + version + "\" is not 13");
		assertThat(text(refused.response())).startsWith("HTTP/1.1 426 Upgrade Required\r\n")
			.contains("\r\nSec-WebSocket-Version: 13\r\n")
			.contains("\r\nUpgrade: websocket\r\n");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/topic", "/?x=1", "//", "/caf%C3%A9" })
	void acceptsALongerPathForTinyMqAndSaysItIsNotDsmqs(String path) throws IOException {
		Accepted accepted = accept(DSMQ_CLIENT_REQUEST.replace("GET / ", "GET " + path + " "));
		assertThat(accepted.path()).isEqualTo(path);
		assertThat(accepted.isDsmq()).isFalse();
		assertThat(accept(DSMQ_CLIENT_REQUEST).isDsmq()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "*", "jobs", "http://h/jobs" })
	void refusesAPathWithNoEndpoint(String path) throws IOException {
		Refused refused = assertRefused(DSMQ_CLIENT_REQUEST.replace("GET / ", "GET " + path + " "), 404,
				"no WebSocket endpoint at \"" + path + "\"");
		assertThat(body(refused.response())).doesNotContain(path);
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET / HTTP/1.0\r\nHost: x\r\n\r\n", "GET /\r\n\r\n", "GET / HTTP/1.1\r\nno colon here\r\n\r\n",
			"GET  HTTP/1.1 x\r\n\r\n" })
	void refusesARequestThatIsNotHttp11(String request) throws IOException {
		Refused refused = (Refused) read(stream(request));
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.reason()).isEqualTo(RejectReason.BAD_HANDSHAKE);
		assertThat(refused.detail()).startsWith("not an HTTP/1.1 GET request");
		assertThat(body(refused.response())).isEqualTo("not an HTTP/1.1 GET request\n");
	}

	@Test
	void refusesAHeadOverTheLimitWithoutReadingMore() throws IOException {
		String request = "GET / HTTP/1.1\r\nX-Padding: " + "a".repeat(MAX_HEAD_LENGTH) + "\r\n\r\n";
		ByteArrayInputStream in = stream(request);
		Refused refused = (Refused) read(in);
		assertThat(refused.status()).isEqualTo(431);
		assertThat(refused.detail())
			.isEqualTo("request head exceeds the 8192-byte limit (dsmq.websocket.max-handshake-size)");
		assertThat(in.available()).isEqualTo(request.length() - MAX_HEAD_LENGTH);
	}

	@Test
	void refusesAHeadOverTheLimitItIsGivenNamingTheProperty() throws IOException {
		Refused refused = (Refused) WebSocketHandshake.read(stream(DSMQ_CLIENT_REQUEST), 64);
		assertThat(refused.status()).isEqualTo(431);
		assertThat(refused.reason()).isEqualTo(RejectReason.BAD_HANDSHAKE);
		assertThat(refused.detail())
			.isEqualTo("request head exceeds the 64-byte limit (dsmq.websocket.max-handshake-size)");
	}

	@Test
	void acceptsAHeadAtTheLimitItIsGiven() throws IOException {
		assertThat(WebSocketHandshake.read(stream(DSMQ_CLIENT_REQUEST), DSMQ_CLIENT_REQUEST.length()))
			.isInstanceOf(Accepted.class);
		assertThat(WebSocketHandshake.read(stream(DSMQ_CLIENT_REQUEST), DSMQ_CLIENT_REQUEST.length() - 1))
			.isInstanceOf(Refused.class);
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, -1 })
	void limitMustBePositive(int limit) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> WebSocketHandshake.read(stream(DSMQ_CLIENT_REQUEST), limit))
			.withMessageContaining(String.valueOf(limit));
	}

	@Test
	void acceptsAHeadAtTheLimit() throws IOException {
		int padding = MAX_HEAD_LENGTH - DSMQ_CLIENT_REQUEST.length() - "X-Padding: \r\n".length();
		String request = DSMQ_CLIENT_REQUEST.replace("\r\n\r\n", "\r\nX-Padding: " + "a".repeat(padding) + "\r\n\r\n");
		assertThat(request).hasSize(MAX_HEAD_LENGTH);
		assertThat(read(stream(request))).isInstanceOf(Accepted.class);
	}

	@Test
	void refusesAHeadNotCompleteInTimeAsAFrameTimeout() throws IOException {
		InputStream in = new TimesOutAfter(ascii("GET / HTTP/1.1\r\nHost: x\r\n"), "frame not complete after 5 ms");
		Refused refused = (Refused) read(in);
		assertThat(refused.status()).isEqualTo(408);
		assertThat(refused.reason()).isEqualTo(RejectReason.FRAME_TIMEOUT);
		assertThat(refused.detail()).isEqualTo("frame not complete after 5 ms");
	}

	@Test
	void endOfStreamInsideTheHeadIsATruncatedFrame() {
		assertThatExceptionOfType(TruncatedFrameException.class)
			.isThrownBy(() -> read(stream("GET / HTTP/1.1\r\nHost")))
			.withMessage("stream closed after 20 bytes of the request head");
	}

	@Test
	void refusesInAResponseThatClosesTheConnectionAndSaysWhyInPlainText() throws IOException {
		Refused refused = assertRefused(without("Upgrade"), 400, "not a WebSocket upgrade: no Upgrade: websocket header");
		String body = "not a WebSocket upgrade: no Upgrade: websocket header\n";
		assertThat(text(refused.response())).isEqualTo("HTTP/1.1 400 Bad Request\r\n"
				+ "Content-Type: text/plain; charset=utf-8\r\n" + "Content-Length: " + body.length() + "\r\n"
				+ "Connection: close\r\n\r\n" + body);
	}

	@Test
	void buildsAnErrorResponseForAConnectionRefusedBeforeTheUpgrade() {
		assertThat(text(WebSocketHandshake.errorResponse(503, "too many connections")))
			.isEqualTo("HTTP/1.1 503 Service Unavailable\r\n" + "Content-Type: text/plain; charset=utf-8\r\n"
					+ "Content-Length: 21\r\n" + "Connection: close\r\n\r\n" + "too many connections\n");
	}

	@Test
	void countsTheBodyOfAnErrorResponseInBytes() {
		byte[] response = WebSocketHandshake.errorResponse(400, "\u00e9");
		assertThat(text(response)).contains("Content-Length: 3\r\n");
	}

	@ParameterizedTest
	@ValueSource(ints = { 101, 200, 302, 399, 418, 600 })
	void errorResponsesAreOnlyErrors(int status) {
		assertThatIllegalArgumentException().isThrownBy(() -> WebSocketHandshake.errorResponse(status, "no"))
			.withMessageContaining(String.valueOf(status));
	}

	@Test
	void aRefusalMustCloseTheConnection() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Refused(400, new byte[0], RejectReason.INVALID_FIELD, "detail"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Refused(200, new byte[0], RejectReason.BAD_HANDSHAKE, "detail"));
	}

	/**
	 * Read a head with the server's default limit.
	 */
	private static Outcome read(InputStream in) throws IOException {
		return WebSocketHandshake.read(in, MAX_HEAD_LENGTH);
	}

	private static Accepted accept(String request) throws IOException {
		Outcome outcome = read(stream(request));
		assertThat(outcome).isInstanceOf(Accepted.class);
		return (Accepted) outcome;
	}

	private static Refused assertRefused(String request, int status, String detail) throws IOException {
		Outcome outcome = read(stream(request));
		assertThat(outcome).isInstanceOfSatisfying(Refused.class, (refused) -> {
			assertThat(refused.status()).isEqualTo(status);
			assertThat(refused.reason()).isEqualTo(RejectReason.BAD_HANDSHAKE);
			assertThat(refused.detail()).isEqualTo(detail);
			assertThat(text(refused.response())).startsWith("HTTP/1.1 " + status + " ")
				.contains("\r\nConnection: close\r\n")
				.contains("\r\nContent-Type: text/plain; charset=utf-8\r\n")
				.contains("\r\nContent-Length: " + body(refused.response()).getBytes(StandardCharsets.UTF_8).length
						+ "\r\n");
		});
		return (Refused) outcome;
	}

	private static String without(String header) {
		return DSMQ_CLIENT_REQUEST.replaceAll("(?m)^" + header + ":[^\r]*\r\n", "");
	}

	private static String body(byte[] response) {
		String text = text(response);
		return text.substring(text.indexOf("\r\n\r\n") + 4);
	}

	private static ByteArrayInputStream stream(String text) {
		return new ByteArrayInputStream(ascii(text));
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
