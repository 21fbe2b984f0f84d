package dev.dsmq.server.tcp;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import dev.dsmq.server.JdkWebSocketClient;
import dev.dsmq.server.TestMeters;
import dev.dsmq.server.tcp.RawWebSocket.Frame;
import dev.dsmq.server.tcp.RawWebSocket.HttpResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static dev.dsmq.server.tcp.RawWebSocket.ACCEPT;
import static dev.dsmq.server.tcp.RawWebSocket.CLOSE;
import static dev.dsmq.server.tcp.RawWebSocket.CONTINUATION;
import static dev.dsmq.server.tcp.RawWebSocket.FIN;
import static dev.dsmq.server.tcp.RawWebSocket.KEY;
import static dev.dsmq.server.tcp.RawWebSocket.PING;
import static dev.dsmq.server.tcp.RawWebSocket.PONG;
import static dev.dsmq.server.tcp.RawWebSocket.RSV1;
import static dev.dsmq.server.tcp.RawWebSocket.TEXT;
import static dev.dsmq.server.tcp.RawWebSocket.VERSION_13;
import static dev.dsmq.server.tcp.RawWebSocket.request;
import static dev.dsmq.server.tcp.RawWebSocket.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Bad input over WebSocket, sent byte by byte as no client library would: a broken handshake gets an HTTP error and
 * a close; a frame that breaks RFC 6455, a text message that is not UTF-8 or one over the limit gets an error reply
 * and a close frame with the status for it. Each refusal is counted by reason, in the websocket generation from the
 * request's first bytes on, and every other connection goes on being served.
 */
@SpringBootTest(properties = { "dsmq.port=0", "dsmq.frame-timeout=2s", "dsmq.max-body-size=64KB" })
class WebSocketBadInputTests {

	private static final String GET = "{\"action\": \"get\", \"topic\": \"ws-bad\"}";

	/** Well inside the frame timeout for a request head of about 150 bytes, sent a byte at a time. */
	private static final Duration GAP = Duration.ofMillis(2);

	private static final String TIMED_OUT = "frame not complete after 2000 ms (dsmq.frame-timeout)";

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private MeterRegistry meterRegistry;

	private JdkWebSocketClient bystander;

	@BeforeEach
	void connectBystander() {
		this.bystander = JdkWebSocketClient.connect(port());
	}

	@AfterEach
	void bystanderIsStillServed() {
		this.bystander.put("ws-bystander", "still here");
		assertThat(this.bystander.get("ws-bystander")).isEqualTo("still here");
		this.bystander.close();
	}

	@Test
	void handshakeWithoutAKeyGets400AndIsClosed() {
		double before = rejected("bad-handshake", "websocket");
		try (RawWebSocket client = RawWebSocket.connect(port())) {
			client.send(request("/", VERSION_13));
			HttpResponse response = client.readHttpResponse();
			assertThat(response.status()).isEqualTo(400);
			assertThat(response.body()).contains("Sec-WebSocket-Key");
			assertThat(client.isClosedByServer()).isTrue();
		}
		assertThat(rejected("bad-handshake", "websocket") - before).isEqualTo(1);
	}

	@Test
	void handshakeOfAnotherVersionGets426NamingVersion13AndIsClosed() {
		double before = rejected("bad-handshake", "websocket");
		try (RawWebSocket client = RawWebSocket.connect(port())) {
			client.send(request("/", KEY, "Sec-WebSocket-Version: 8"));
			HttpResponse response = client.readHttpResponse();
			assertThat(response.status()).isEqualTo(426);
			assertThat(response.head()).contains("\r\nSec-WebSocket-Version: 13\r\n");
			assertThat(client.isClosedByServer()).isTrue();
		}
		assertThat(rejected("bad-handshake", "websocket") - before).isEqualTo(1);
	}

	@Test
	void handshakeForAPathThatIsNotOneGets404AndIsClosed() {
		double before = rejected("bad-handshake", "websocket");
		try (RawWebSocket client = RawWebSocket.connect(port())) {
			client.send(request("*", KEY, VERSION_13));
			assertThat(client.readHttpResponse().status()).isEqualTo(404);
			assertThat(client.isClosedByServer()).isTrue();
		}
		assertThat(rejected("bad-handshake", "websocket") - before).isEqualTo(1);
	}

	@Test
	void requestHeadOver8KiBGets431AndIsClosed() {
		double before = rejected("bad-handshake", "websocket");
		try (RawWebSocket client = RawWebSocket.connect(port())) {
			String head = request("/", KEY, VERSION_13, "X-Padding: " + "p".repeat(8192));
			assertThat(head.length()).isGreaterThan(8192);
			client.send(head);
			assertThat(client.readHttpResponse().status()).isEqualTo(431);
			assertThat(client.isClosedByServer()).isTrue();
		}
		assertThat(rejected("bad-handshake", "websocket") - before).isEqualTo(1);
	}

	@Test
	void handshakeRefusedBeforeTheUpgradeIsCountedAsWebSocketNotUnknown() {
		double unknownBefore = rejected("bad-handshake", "unknown");
		double before = rejected("bad-handshake", "websocket");
		try (RawWebSocket client = RawWebSocket.connect(port())) {
			client.send(request("/", KEY));
			assertThat(client.readHttpResponse().status()).isEqualTo(400);
			assertThat(client.isClosedByServer()).isTrue();
		}
		assertThat(rejected("bad-handshake", "websocket") - before).isEqualTo(1);
		assertThat(rejected("bad-handshake", "unknown")).isEqualTo(unknownBefore);
	}

	@Test
	void handshakeArrivingOneByteAtATimeIsAcceptedAndTheConnectionServesAGet() {
		double before = rejected("frame-timeout");
		try (RawWebSocket client = RawWebSocket.connect(port())) {
			client.dribble(utf8(request("/", KEY, VERSION_13)), GAP);
			HttpResponse response = client.readHttpResponse();
			assertThat(response.status()).isEqualTo(101);
			assertThat(response.head()).contains("\r\n" + ACCEPT + "\r\n");
			client.send(RawWebSocket.text(GET));
			assertThat(client.readFrame().json()).containsExactly(entry("message", ""));
		}
		assertThat(rejected("frame-timeout")).isEqualTo(before);
	}

	@Test
	void handshakeThatNeverEndsGets408FromTheFrameTimeoutAndIsClosed() {
		double before = rejected("frame-timeout", "websocket");
		try (RawWebSocket client = RawWebSocket.connect(port())) {
			String head = request("/", KEY, VERSION_13);
			client.send(head.substring(0, head.length() - 2));
			assertThat(client.readHttpResponse().status()).isEqualTo(408);
			assertThat(client.isClosedByServer()).isTrue();
		}
		assertThat(rejected("frame-timeout", "websocket") - before).isEqualTo(1);
	}

	@Test
	void unmaskedFrameIsClosedWith1002() {
		assertRefusedWith(RawWebSocket.unmasked(FIN | TEXT, utf8(GET)), "websocket-protocol", "not masked", 1002);
	}

	@Test
	void frameWithAReservedOpcodeIsClosedWith1002() {
		assertRefusedWith(RawWebSocket.frame(FIN | 0x3, utf8(GET)), "websocket-protocol", "unknown opcode 0x3",
				1002);
	}

	@Test
	void frameWithRsv1SetIsClosedWith1002() {
		assertRefusedWith(RawWebSocket.frame(FIN | RSV1 | TEXT, utf8(GET)), "websocket-protocol", "reserved bits",
				1002);
	}

	@Test
	void continuationFrameWithNoMessageStartedIsClosedWith1002() {
		assertRefusedWith(RawWebSocket.frame(FIN | CONTINUATION, utf8(GET)), "websocket-protocol",
				"continuation frame with no message started", 1002);
	}

	@Test
	void textMessageThatIsNotUtf8GetsAnErrorReplyThenAClose1007() {
		byte[] notUtf8 = RawWebSocket.concat(utf8("{\"action\": \"get\", \"topic\": \""), new byte[] { (byte) 0xC3,
				(byte) 0x28 }, utf8("\"}"));
		assertRefusedWith(RawWebSocket.frame(FIN | TEXT, notUtf8), "malformed-body", "not valid UTF-8", 1007);
	}

	@Test
	void messageOverTheBodyLimitIsClosedWith1009FromItsHeaderAlone() {
		assertRefusedWith(RawWebSocket.header(FIN | TEXT, 100_000), "body-too-large",
				"message of 100000 bytes exceeds the 65536-byte limit", 1009);
	}

	@Test
	void fragmentedMessageOverTheBodyLimitIsClosedWith1009() {
		byte[] fragment = utf8("x".repeat(30_000));
		byte[] fragments = RawWebSocket.concat(RawWebSocket.frame(TEXT, fragment),
				RawWebSocket.frame(CONTINUATION, fragment), RawWebSocket.frame(FIN | CONTINUATION, fragment));
		assertRefusedWith(fragments, "body-too-large", "message of 90000 bytes exceeds the 65536-byte limit",
				1009);
	}

	@Test
	void pingIsAnsweredByAPongWithTheSamePayload() {
		try (RawWebSocket client = RawWebSocket.upgraded(port())) {
			client.send(RawWebSocket.frame(FIN | PING, utf8("are you there?")));
			Frame pong = client.readFrame();
			assertThat(pong.fin()).isTrue();
			assertThat(pong.masked()).isFalse();
			assertThat(pong.opcode()).isEqualTo(PONG);
			assertThat(pong.text()).isEqualTo("are you there?");
			client.send(RawWebSocket.text(GET));
			assertThat(client.readFrame().json()).containsExactly(entry("message", ""));
		}
	}

	@Test
	void closeFrameIsAnsweredByACloseFrameAndTheConnectionEnds() {
		double before = rejectedOverAllReasons();
		try (RawWebSocket client = RawWebSocket.upgraded(port())) {
			client.send(RawWebSocket.frame(FIN | CLOSE, new byte[] { 0x03, (byte) 0xE8 }));
			Frame close = client.readFrame();
			assertThat(close.opcode()).isEqualTo(CLOSE);
			assertThat(close.closeCode()).isEqualTo(1000);
			assertThat(client.isClosedByServer()).isTrue();
		}
		assertThat(rejectedOverAllReasons()).isEqualTo(before);
	}

	@Test
	void messageArrivingOneByteAtATimeIsAnswered() {
		double before = rejected("frame-timeout");
		try (RawWebSocket client = RawWebSocket.upgraded(port())) {
			this.bystander.put("ws-bad", "dribbled for");
			assertThat(this.bystander.get("ws-bad")).as("the put has landed").isEqualTo("dribbled for");
			client.dribble(RawWebSocket.text(GET), GAP);
			assertThat(client.readFrame().json()).containsExactly(entry("message", "dribbled for"));
		}
		assertThat(rejected("frame-timeout")).isEqualTo(before);
	}

	@Test
	void messageThatStopsHalfwayIsClosedByTheFrameTimeout() {
		byte[] frame = RawWebSocket.text(GET);
		assertRefusedWith(Arrays.copyOf(frame, frame.length / 2), "frame-timeout", TIMED_OUT, 1008);
	}

	@Test
	void wellFormedRequestWithABadFieldGetsAnErrorReplyAndTheConnectionStaysOpen() {
		double before = rejected("invalid-field", "websocket");
		try (RawWebSocket client = RawWebSocket.upgraded(port())) {
			client.send(RawWebSocket.text("{\"action\": \"get\", \"topic\": 5}"));
			Frame reply = client.readFrame();
			assertThat(reply.opcode()).isEqualTo(TEXT);
			assertThat(reply.json()).containsEntry("message", "").containsKey("error");
			client.send(RawWebSocket.text(GET));
			assertThat(client.readFrame().json()).containsExactly(entry("message", ""));
		}
		assertThat(rejected("invalid-field", "websocket") - before).isEqualTo(1);
	}

	/**
	 * Send bytes on an upgraded connection and assert that the server answers them with an error reply, then a
	 * close frame with the status, then the end of the connection, and counts the refusal once.
	 */
	private void assertRefusedWith(byte[] bytes, String reason, String error, int closeCode) {
		double before = rejected(reason, "websocket");
		try (RawWebSocket client = RawWebSocket.upgraded(port())) {
			client.send(bytes);
			Frame reply = client.readFrame();
			assertThat(reply.opcode()).isEqualTo(TEXT);
			assertThat(reply.json()).containsEntry("message", "")
				.hasEntrySatisfying("error", (text) -> assertThat((String) text).contains(error));
			Frame close = client.readFrame();
			assertThat(close.fin()).isTrue();
			assertThat(close.masked()).isFalse();
			assertThat(close.closeCode()).isEqualTo(closeCode);
			assertThat(client.isClosedByServer()).isTrue();
		}
		assertThat(rejected(reason, "websocket") - before).isEqualTo(1);
	}

	private int port() {
		return this.connectionFactory.getPort();
	}

	private double rejected(String reason, String generation) {
		return this.meterRegistry.get("dsmq.requests.rejected")
			.tag("reason", reason)
			.tag("generation", generation)
			.counter()
			.count();
	}

	private double rejected(String reason) {
		return TestMeters.rejected(this.meterRegistry, reason);
	}

	private double rejectedOverAllReasons() {
		return this.meterRegistry.get("dsmq.requests.rejected")
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

}
