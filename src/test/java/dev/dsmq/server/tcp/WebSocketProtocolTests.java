package dev.dsmq.server.tcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.dsmq.server.BareJsonClient;
import dev.dsmq.server.DsmqTestClient;
import dev.dsmq.server.JdkWebSocketClient;
import dev.dsmq.server.TestMeters;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * dsmq 1.x on the protocol port: JSON requests and replies as WebSocket messages, through the JDK's own WebSocket
 * client.
 */
@SpringBootTest(properties = { "dsmq.port=0", "dsmq.max-body-size=64KB" })
class WebSocketProtocolTests {

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private MeterRegistry meterRegistry;

	private JdkWebSocketClient connect() {
		return JdkWebSocketClient.connect(this.connectionFactory.getPort());
	}

	@Test
	void readerGetsWhatWriterPutInOrder() {
		try (JdkWebSocketClient reader = connect(); JdkWebSocketClient writer = connect()) {
			assertThat(reader.get("ws-fifo")).isEqualTo("");
			writer.put("ws-fifo", "one");
			writer.put("ws-fifo", "two");
			writer.put("ws-fifo", "three");
			assertThat(writer.get("ws-fifo")).isEqualTo("one");
			assertThat(List.of(reader.get("ws-fifo"), reader.get("ws-fifo"), reader.get("ws-fifo"),
					reader.get("ws-fifo"))).containsExactly("one", "two", "three", "");
		}
	}

	@Test
	void lateReaderSeesOnlyWhatWasPutAfterItConnected() {
		try (JdkWebSocketClient writer = connect()) {
			writer.put("ws-late", "before");
			assertThat(writer.get("ws-late")).isEqualTo("before");
			try (JdkWebSocketClient reader = connect()) {
				assertThat(reader.get("ws-late")).isEqualTo("");
				writer.put("ws-late", "after");
				assertThat(writer.get("ws-late")).isEqualTo("after");
				assertThat(reader.get("ws-late")).isEqualTo("after");
			}
		}
	}

	@Test
	void getLatestSkipsToTheNewestMessage() {
		try (JdkWebSocketClient client = connect()) {
			client.put("ws-latest", "a");
			client.put("ws-latest", "b");
			assertThat(client.getLatest("ws-latest")).isEqualTo("b");
			assertThat(client.get("ws-latest")).isEqualTo("");
		}
	}

	@Test
	void unicodeRoundTrips() {
		try (JdkWebSocketClient client = connect()) {
			String text = "h\u00e9llo \u65e5\u672c \ud83d\ude00 \"quoted\" \\ \n";
			client.put("ws-\u00e9", text);
			assertThat(client.get("ws-\u00e9")).isEqualTo(text);
		}
	}

	@Test
	void pipelinedRequestsAreAnsweredInOrder() {
		try (JdkWebSocketClient client = connect()) {
			for (int i = 0; i < 200; i++) {
				client.put("ws-pipe", "m" + i);
			}
			for (int i = 0; i < 200; i++) {
				client.send(Map.of("action", "get", "topic", "ws-pipe"));
			}
			List<Object> read = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				read.add(client.readReply().get("message"));
			}
			assertThat(read).first().isEqualTo("m0");
			assertThat(read).last().isEqualTo("m199");
			assertThat(read).doesNotHaveDuplicates();
		}
	}

	@Test
	void binaryMessagesAreRequestsToo() {
		try (JdkWebSocketClient client = connect()) {
			client.sendBinary(BareJsonClient.encode(Map.of("action", "put", "topic", "ws-binary", "message", "b")));
			assertThat(client.get("ws-binary")).isEqualTo("b");
		}
	}

	@Test
	void extensionsWorkAsOverFraming() {
		try (JdkWebSocketClient client = connect()) {
			client.send(Map.of("action", "put", "topic", "ws-ext", "message", List.of(1, "two"), "id", "p"));
			assertThat(client.readReply()).containsOnlyKeys("id", "ok", "seq")
				.containsEntry("id", "p")
				.containsEntry("ok", true);
			client.send(Map.of("action", "get", "topic", "ws-ext", "id", 9));
			assertThat(client.readReply()).containsExactly(entry("id", 9), entry("message", List.of(1, "two")));
			client.send(Map.of("action", "get", "topic", "ws-ext", "wait", 0.05));
			assertThat(client.readReply()).containsExactly(entry("message", ""));
			client.send(Map.of("action", "auth", "token", "none needed", "id", 1));
			assertThat(client.readReply()).containsExactly(entry("id", 1), entry("ok", true));
		}
	}

	@Test
	void aWaitingReadIsAnsweredWhenAMessageIsPut() {
		try (JdkWebSocketClient reader = connect(); JdkWebSocketClient writer = connect()) {
			reader.send(Map.of("action", "get", "topic", "ws-wait", "wait", 10));
			writer.put("ws-wait", "woken");
			assertThat(reader.readReply()).containsExactly(entry("message", "woken"));
		}
	}

	@Test
	void aPingEndsAWaitingReadWithNothingSoThatItsPongIsNotHeldUp() {
		try (RawWebSocket client = RawWebSocket.upgraded(this.connectionFactory.getPort())) {
			// Python's websockets drops a connection whose pong is 20 s late; a wait may last dsmq.max-wait
			client.send(RawWebSocket.text("{\"action\": \"get\", \"topic\": \"ws-pinged\", \"wait\": 60}"));
			client.send(RawWebSocket.frame(RawWebSocket.FIN | RawWebSocket.PING, RawWebSocket.utf8("still there?")));
			assertThat(client.readFrame().json()).containsExactly(entry("message", ""));
			RawWebSocket.Frame pong = client.readFrame();
			assertThat(pong.opcode()).isEqualTo(RawWebSocket.PONG);
			assertThat(pong.text()).isEqualTo("still there?");
		}
	}

	@Test
	void messagesCrossGenerations() {
		int port = this.connectionFactory.getPort();
		try (JdkWebSocketClient ws = connect(); DsmqTestClient framed = DsmqTestClient.connect(port);
				BareJsonClient bare = BareJsonClient.connect(port)) {
			assertThat(ws.get("ws-cross")).isEqualTo("");
			assertThat(framed.get("ws-cross")).isEmpty();
			assertThat(bare.get("ws-cross")).isEqualTo("");
			bare.put("ws-cross", "from 0.4");
			assertThat(bare.get("ws-cross")).isEqualTo("from 0.4");
			ws.put("ws-cross", "from 1.x");
			assertThat(ws.get("ws-cross")).isEqualTo("from 0.4");
			assertThat(ws.get("ws-cross")).isEqualTo("from 1.x");
			assertThat(framed.get("ws-cross")).isEqualTo("from 0.4");
			assertThat(framed.get("ws-cross")).isEqualTo("from 1.x");
			assertThat(bare.get("ws-cross")).isEqualTo("from 1.x");
		}
	}

	@Test
	void badFieldGetsAnErrorReplyAndTheConnectionStaysOpen() {
		double before = TestMeters.rejected(this.meterRegistry, "invalid-field");
		try (JdkWebSocketClient client = connect()) {
			client.send(Map.of("action", "get", "topic", 5));
			assertThat(client.readReply()).containsEntry("message", "").containsKey("error");
			assertThat(client.get("ws-open")).isEqualTo("");
		}
		assertThat(this.meterRegistry.get("dsmq.requests.rejected")
			.tag("reason", "invalid-field")
			.tag("generation", "websocket")
			.counter()
			.count()).isPositive();
		assertThat(TestMeters.rejected(this.meterRegistry, "invalid-field") - before).isEqualTo(1);
	}

	@Test
	void messageThatIsNotJsonGetsAnErrorReplyThenAClose1007() {
		try (JdkWebSocketClient client = connect()) {
			client.sendText("{\"action\": \"get\", ");
			assertThat(client.readReply()).containsEntry("message", "")
				.hasEntrySatisfying("error", (error) -> assertThat((String) error).contains("not valid JSON"));
			assertThat(client.closeCode()).isEqualTo(1007);
		}
	}

	@Test
	void messageOverTheBodyLimitIsClosedWith1009() {
		try (JdkWebSocketClient client = connect()) {
			client.put("ws-big", "x".repeat(70_000));
			assertThat(client.closeCode()).isEqualTo(1009);
		}
	}

	@Test
	void eachWebSocketConnectionIsCountedAsOne() {
		try (JdkWebSocketClient client = connect()) {
			assertThat(client.get("ws-counted")).isEqualTo("");
			assertThat(this.meterRegistry.get("dsmq.connections.open").tag("generation", "websocket").gauge().value())
				.isGreaterThanOrEqualTo(1);
		}
	}

}
