package dev.dsmq.server.tcp;

import java.nio.charset.StandardCharsets;

import dev.dsmq.server.BareJsonClient;
import dev.dsmq.server.DsmqTestClient;
import dev.dsmq.server.JdkWebSocketClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A peer that closes in the middle of what it sends, once its first bytes have told its generation, is counted as
 * {@code truncated-frame} in that generation, whatever it was in the middle of: a WebSocket upgrade's request head,
 * a bare JSON object, a 0.7 header. What it sent is not acted on, and every other connection goes on being served.
 */
@SpringBootTest(properties = "dsmq.port=0")
class TruncatedFrameTests {

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private MeterRegistry meterRegistry;

	private DsmqTestClient bystander;

	@BeforeEach
	void connectBystander() {
		this.bystander = DsmqTestClient.connect(port());
	}

	@AfterEach
	void bystanderIsStillServed() {
		this.bystander.put("truncated-bystander", "still here");
		assertThat(this.bystander.get("truncated-bystander")).isEqualTo("still here");
		this.bystander.close();
	}

	@Test
	void peerThatClosesInsideTheHandshakeHeadIsCountedAsATruncatedWebSocketFrame() {
		double before = rejected("websocket");
		try (RawWebSocket client = RawWebSocket.connect(port())) {
			client.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: webs");
		}
		await().until(() -> rejected("websocket") - before == 1);
		try (JdkWebSocketClient client = JdkWebSocketClient.connect(port())) {
			assertThat(client.get("truncated")).as("the next upgrade is served").isEqualTo("");
		}
	}

	@Test
	void peerThatClosesInsideABareJsonObjectIsCountedAsATruncatedHeaderlessFrame() {
		double before = rejected("headerless");
		try (BareJsonClient reader = BareJsonClient.connect(port())) {
			assertThat(reader.get("truncated-bare")).as("the reader is in before the put").isEqualTo("");
			try (BareJsonClient client = BareJsonClient.connect(port())) {
				client.sendRaw("{\"action\": \"put\", \"topic\": \"truncated-bare\", \"message\": \"cut sh");
			}
			await().until(() -> rejected("headerless") - before == 1);
			assertThat(reader.get("truncated-bare")).as("the cut put is not acted on").isEqualTo("");
		}
	}

	@Test
	void peerThatClosesInsideAFramedHeaderAfterItsFirstBytesToldIsCountedAsATruncatedFramedFrame() {
		double before = rejected("framed");
		try (DsmqTestClient client = DsmqTestClient.connect(port())) {
			client.sendRaw("{\"msg_length\": 1000".getBytes(StandardCharsets.US_ASCII));
		}
		await().until(() -> rejected("framed") - before == 1);
	}

	private int port() {
		return this.connectionFactory.getPort();
	}

	private double rejected(String generation) {
		return this.meterRegistry.get("dsmq.requests.rejected")
			.tag("reason", "truncated-frame")
			.tag("generation", generation)
			.counter()
			.count();
	}

}
