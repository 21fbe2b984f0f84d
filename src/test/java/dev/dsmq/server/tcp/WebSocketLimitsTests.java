package dev.dsmq.server.tcp;

import dev.dsmq.server.JdkWebSocketClient;
import dev.dsmq.server.tcp.RawWebSocket.Frame;
import dev.dsmq.server.tcp.RawWebSocket.HttpResponse;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static dev.dsmq.server.tcp.RawWebSocket.CLOSE;
import static dev.dsmq.server.tcp.RawWebSocket.CONTINUATION;
import static dev.dsmq.server.tcp.RawWebSocket.FIN;
import static dev.dsmq.server.tcp.RawWebSocket.KEY;
import static dev.dsmq.server.tcp.RawWebSocket.PING;
import static dev.dsmq.server.tcp.RawWebSocket.PONG;
import static dev.dsmq.server.tcp.RawWebSocket.TEXT;
import static dev.dsmq.server.tcp.RawWebSocket.VERSION_13;
import static dev.dsmq.server.tcp.RawWebSocket.request;
import static dev.dsmq.server.tcp.RawWebSocket.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The WebSocket limits are the configured ones, smaller here than their defaults: a request head over
 * {@code dsmq.websocket.max-handshake-size} gets {@code 431}, a message in more frames than
 * {@code dsmq.websocket.max-frames-per-message} a close frame 1002; each is counted, and every other connection goes
 * on being served.
 */
@SpringBootTest(properties = { "dsmq.port=0", "dsmq.websocket.max-handshake-size=512B",
		"dsmq.websocket.max-frames-per-message=4" })
class WebSocketLimitsTests {

	private static final int MAX_HANDSHAKE_SIZE = 512;

	private static final String GET = "{\"action\": \"get\", \"topic\": \"ws-limits\"}";

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
		this.bystander.put("ws-limits-bystander", "still here");
		assertThat(this.bystander.get("ws-limits-bystander")).isEqualTo("still here");
		this.bystander.close();
	}

	@Test
	void requestHeadOneByteOverTheConfiguredLimitGets431NamingThePropertyAndIsCounted() {
		double before = rejected("bad-handshake");
		try (RawWebSocket client = RawWebSocket.connect(port())) {
			client.send(requestOfLength(MAX_HANDSHAKE_SIZE + 1));
			HttpResponse response = client.readHttpResponse();
			assertThat(response.status()).isEqualTo(431);
			assertThat(response.body()).isEqualTo(
					"request head exceeds the 512-byte limit (dsmq.websocket.max-handshake-size)\n");
			assertThat(client.isClosedByServer()).isTrue();
		}
		assertThat(rejected("bad-handshake") - before).isEqualTo(1);
	}

	@Test
	void requestHeadAtTheConfiguredLimitIsUpgradedAndServesAGet() {
		try (RawWebSocket client = RawWebSocket.connect(port())) {
			client.send(requestOfLength(MAX_HANDSHAKE_SIZE));
			assertThat(client.readHttpResponse().status()).isEqualTo(101);
			client.send(RawWebSocket.text(GET));
			assertThat(client.readFrame().json()).containsExactly(entry("message", ""));
		}
	}

	@Test
	void messageInMoreFramesThanTheConfiguredLimitIsClosedWith1002AndCounted() {
		double before = rejected("websocket-protocol");
		try (RawWebSocket client = RawWebSocket.upgraded(port())) {
			client.send(RawWebSocket.concat(RawWebSocket.frame(TEXT, utf8("{\"action\": ")),
					RawWebSocket.frame(CONTINUATION, utf8("\"get\", ")), RawWebSocket.frame(CONTINUATION, new byte[0]),
					RawWebSocket.frame(CONTINUATION, utf8("\"topic\": ")),
					RawWebSocket.frame(FIN | CONTINUATION, utf8("\"ws-limits\"}"))));
			Frame reply = client.readFrame();
			assertThat(reply.opcode()).isEqualTo(TEXT);
			assertThat(reply.json()).containsEntry("message", "")
				.containsEntry("error", "message in more than 4 frames (dsmq.websocket.max-frames-per-message)");
			Frame close = client.readFrame();
			assertThat(close.opcode()).isEqualTo(CLOSE);
			assertThat(close.closeCode()).isEqualTo(1002);
			assertThat(client.isClosedByServer()).isTrue();
		}
		assertThat(rejected("websocket-protocol") - before).isEqualTo(1);
	}

	@Test
	void messageInAsManyFramesAsTheConfiguredLimitIsAnswered() {
		try (RawWebSocket client = RawWebSocket.upgraded(port())) {
			client.send(RawWebSocket.concat(RawWebSocket.frame(TEXT, utf8("{\"action\": \"get\", ")),
					RawWebSocket.frame(FIN | PING, utf8("between")), RawWebSocket.frame(CONTINUATION, new byte[0]),
					RawWebSocket.frame(FIN | CONTINUATION, utf8("\"topic\": \"ws-limits\"}"))));
			Frame pong = client.readFrame();
			assertThat(pong.opcode()).isEqualTo(PONG);
			assertThat(pong.text()).isEqualTo("between");
			assertThat(client.readFrame().json()).containsExactly(entry("message", ""));
		}
	}

	/**
	 * A valid upgrade request, padded with a header field to the given length in bytes.
	 */
	private static String requestOfLength(int length) {
		int padding = length - request("/", KEY, VERSION_13, "X-Padding: ").length();
		String request = request("/", KEY, VERSION_13, "X-Padding: " + "p".repeat(padding));
		assertThat(request).hasSize(length);
		return request;
	}

	private int port() {
		return this.connectionFactory.getPort();
	}

	/**
	 * Return how many WebSocket connections were refused for a reason.
	 */
	private double rejected(String reason) {
		return this.meterRegistry.get("dsmq.requests.rejected")
			.tag("reason", reason)
			.tag("generation", "websocket")
			.counter()
			.count();
	}

}
