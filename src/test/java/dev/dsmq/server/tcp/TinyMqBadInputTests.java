package dev.dsmq.server.tcp;

import java.util.List;
import java.util.function.Consumer;

import dev.dsmq.server.DsmqTestClient;
import dev.dsmq.server.TinyMqProto;
import dev.dsmq.server.TinyMqTestClient;
import dev.dsmq.server.TinyMqTestClient.Closed;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static dev.dsmq.server.tcp.RawWebSocket.KEY;
import static dev.dsmq.server.tcp.RawWebSocket.VERSION_13;
import static dev.dsmq.server.tcp.RawWebSocket.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * tinyMQ connections that send what they should not: each is closed with a close frame whose status and reason say
 * why, nothing it had written is lost, the refusal is counted by reason under the tinyMQ generation, and other
 * connections go on being served.
 */
@SpringBootTest(properties = { "dsmq.port=0", "dsmq.frame-timeout=2s", "dsmq.max-body-size=64KB" })
class TinyMqBadInputTests {

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private MeterRegistry meterRegistry;

	private TinyMqTestClient bystander;

	@BeforeEach
	void openBystander() {
		this.bystander = TinyMqTestClient.producer(port(), "tmq-bystander");
	}

	@AfterEach
	void bystanderIsStillServed() {
		assertThat(this.bystander.write(99, "still here")).isEqualTo(99);
		this.bystander.close();
	}

	@Test
	void textMessageIsClosedWith1003() {
		assertClosed("unsupported-data", new Closed(1003, "unsupported-data"),
				(client) -> client.sendText("{\"action\": \"get\", \"topic\": \"tmq-bad\"}"));
	}

	@Test
	void firstMessageThatIsNoProtobufIsClosedWith1007() {
		assertClosed("malformed-body", new Closed(1007, "malformed-body"),
				(client) -> client.sendBinary(new byte[] { (byte) 0xff, (byte) 0xff, (byte) 0xff }));
	}

	@Test
	void pollBeforeConnInitIsClosedWith1007() {
		assertClosed("malformed-body", new Closed(1007, "malformed-body"), TinyMqTestClient::sendPoll);
	}

	@Test
	void connInitWithoutItsRequiredRoleIsClosedWith1007() {
		assertClosed("malformed-body", new Closed(1007, "malformed-body"),
				(client) -> client.sendBinary(TinyMqProto.encode("ConnInit", "topic", "tmq-bad")));
	}

	@Test
	void connInitOfAnUnknownRoleIsClosedWith1008() {
		assertClosed("unknown-role", new Closed(1008, "unknown-role"),
				(client) -> client.sendBinary(TinyMqProto.encode("ConnInit", "role", 3L, "topic", "tmq-bad")));
	}

	@Test
	void writeBeforeConnInitIsClosedAsTheUnknownRoleItsIdReadsAs() {
		// ContentWrite and ConnInit have the same wire types field by field: id 7 reads as role 7
		assertClosed("unknown-role", new Closed(1008, "unknown-role"), (client) -> client.sendWrite(7, "early"));
	}

	@Test
	void consumersMessageThatIsNotAPollIsClosedWith1007() {
		assertClosed("malformed-body", new Closed(1007, "malformed-body"), (client) -> {
			assertThat(client.init(TinyMqTestClient.CONSUMER)).isEqualTo(1000);
			client.sendWrite(1, "not a poll");
		});
	}

	@Test
	void writeWithoutItsRequiredBodyIsClosedWith1007AndTheWritesBeforeItAreKept() {
		try (DsmqTestClient reader = DsmqTestClient.connect(port())) {
			assertClosed("malformed-body", new Closed(1007, "malformed-body"), (client) -> {
				assertThat(client.init(TinyMqTestClient.PRODUCER)).isEqualTo(1000);
				assertThat(client.write(1, "kept")).isEqualTo(1);
				client.sendBinary(TinyMqProto.encode("ContentWrite", "id", 2L, "topic", "tmq-bad"));
			});
			assertThat(List.of(reader.get("tmq-bad"), reader.get("tmq-bad"))).containsExactly("kept", "");
		}
	}

	@Test
	void writeWhoseBodyIsNotUtf8IsClosedWith1007() {
		assertClosed("malformed-body", new Closed(1007, "malformed-body"), (client) -> {
			assertThat(client.init(TinyMqTestClient.PRODUCER)).isEqualTo(1000);
			client.sendBinary(TinyMqProto.encode("ContentWrite", "id", 1L, "topic", "tmq-bad", "body",
					new byte[] { (byte) 0xc3, 0x28 }));
		});
	}

	@Test
	void writeTooLongAsAJsonStringIsClosedWith1009() {
		assertClosed("body-too-large", new Closed(1009, "body-too-large"), (client) -> {
			assertThat(client.init(TinyMqTestClient.PRODUCER)).isEqualTo(1000);
			// 20,000 bytes as they are, six times as many as JSON escapes: over the 64 KB limit
			client.sendWrite(1, "\u0001".repeat(20_000));
		});
	}

	@Test
	void writesSentTogetherWithBadInputAreStoredAndAcknowledgedBeforeTheClose() {
		double before = rejected("unsupported-data");
		try (DsmqTestClient reader = DsmqTestClient.connect(port());
				RawWebSocket client = RawWebSocket.connect(port())) {
			client.send(request("/tmq-together", KEY, VERSION_13));
			assertThat(client.readHttpResponse().status()).isEqualTo(101);
			// one write of the socket: the connection reads all four frames as one batch
			client.send(RawWebSocket.concat(binary(TinyMqProto.encode("ConnInit", "role", 1L, "topic", "t")),
					binary(TinyMqProto.encode("ContentWrite", "id", 1L, "topic", "t", "body", "first")),
					binary(TinyMqProto.encode("ContentWrite", "id", 2L, "topic", "t", "body", "second")),
					RawWebSocket.text("not protobuf")));
			assertThat(TinyMqProto.fixed32(TinyMqProto.decode("ConnStatus", client.readFrame().payload()), "status"))
				.isEqualTo(1000);
			assertThat(List.of(client.readFrame(), client.readFrame()))
				.extracting((frame) -> TinyMqProto.fixed32(TinyMqProto.decode("Ack", frame.payload()), "id"))
				.containsExactly(1L, 2L);
			assertThat(client.readFrame().closeCode()).isEqualTo(1003);
			assertThat(List.of(reader.get("tmq-together"), reader.get("tmq-together"), reader.get("tmq-together")))
				.containsExactly("first", "second", "");
		}
		assertThat(rejected("unsupported-data") - before).isEqualTo(1);
	}

	@Test
	void pathWhoseTopicIsNotUtf8IsRefusedWith400() {
		assertHandshakeRefused("/%FF%FE", "the topic is not UTF-8 once percent-decoded");
	}

	@Test
	void pathWhoseTopicIsLongerThanATopicMayBeIsRefusedWith400() {
		assertHandshakeRefused("/" + "t".repeat(1025), "topic of 1025 bytes exceeds the 1024-byte limit "
				+ "(dsmq.max-topic-length)");
	}

	private void assertHandshakeRefused(String path, String why) {
		double before = rejected("bad-handshake");
		try (RawWebSocket client = RawWebSocket.connect(port())) {
			client.send(request(path, KEY, VERSION_13));
			RawWebSocket.HttpResponse response = client.readHttpResponse();
			assertThat(response.status()).isEqualTo(400);
			assertThat(response.body()).contains(why);
			assertThat(client.isClosedByServer()).isTrue();
		}
		assertThat(rejected("bad-handshake") - before).isEqualTo(1);
	}

	private void assertClosed(String reason, Closed closed, Consumer<TinyMqTestClient> badInput) {
		double before = rejected(reason);
		try (TinyMqTestClient client = TinyMqTestClient.connect(port(), "tmq-bad")) {
			badInput.accept(client);
			assertThat(client.closed()).isEqualTo(closed);
			assertThat(client.hasUnread()).as("a message besides the close").isFalse();
		}
		assertThat(rejected(reason) - before).isEqualTo(1);
	}

	private static byte[] binary(byte[] payload) {
		return RawWebSocket.frame(RawWebSocket.FIN | 0x2, payload);
	}

	private int port() {
		return this.connectionFactory.getPort();
	}

	private double rejected(String reason) {
		return TinyMqTestClient.rejected(this.meterRegistry, reason);
	}

}
