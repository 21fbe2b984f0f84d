package dev.dsmq.server.tcp;

import java.util.Map;

import dev.dsmq.server.DsmqTestClient;
import dev.dsmq.server.TinyMqProto;
import dev.dsmq.server.TinyMqTestClient;
import dev.dsmq.server.TinyMqTestClient.Closed;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dsmq.auth.token} over tinyMQ: a connection presents the token as its {@code ConnInit}'s {@code auth_token};
 * one that does not is closed with 1008 before anything it sent is acted on, and the token never reaches the log.
 */
@SpringBootTest(properties = { "dsmq.port=0", "dsmq.auth.token=" + TokenAuthenticationTests.TOKEN })
@ExtendWith(OutputCaptureExtension.class)
class TinyMqTokenTests {

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private MeterRegistry meterRegistry;

	@Test
	void connInitWithTheTokenOpensTheConnection() {
		try (TinyMqTestClient producer = TinyMqTestClient.connect(port(), "tmq-token")) {
			producer.sendBinary(TinyMqProto.encode("ConnInit", "role", TinyMqTestClient.PRODUCER, "topic", "tmq-token",
					"auth_token", TokenAuthenticationTests.TOKEN));
			assertThat(TinyMqProto.fixed32(producer.read("ConnStatus"), "status")).isEqualTo(1000);
			assertThat(producer.write(5, "let in")).isEqualTo(5);
		}
	}

	@Test
	void connInitWithoutATokenIsClosedWith1008AndNothingAfterItIsStored() {
		double before = rejected("auth-required");
		try (TinyMqTestClient producer = TinyMqTestClient.connect(port(), "tmq-no-token")) {
			producer.sendBinary(TinyMqProto.encode("ConnInit", "role", TinyMqTestClient.PRODUCER, "topic", "t"));
			producer.sendWriteUnlessClosed(1, "not stored");
			assertThat(producer.closed()).isEqualTo(new Closed(1008, "auth-required"));
			assertThat(producer.hasUnread()).isFalse();
		}
		assertThat(rejected("auth-required") - before).isEqualTo(1);
		try (DsmqTestClient reader = DsmqTestClient.connect(port())) {
			reader.send(Map.of("action", "auth", "token", TokenAuthenticationTests.TOKEN));
			assertThat(reader.readReply()).containsEntry("ok", true);
			reader.send(Map.of("action", "peek", "topic", "tmq-no-token", "group", "audit"));
			assertThat(reader.readReply()).containsEntry("message", "");
		}
	}

	@Test
	void connInitWithAWrongTokenIsClosedWith1008AndTheTokenIsNotLogged(CapturedOutput output) {
		double before = rejected("auth-failed");
		try (TinyMqTestClient consumer = TinyMqTestClient.connect(port(), "tmq-wrong-token")) {
			consumer.sendBinary(TinyMqProto.encode("ConnInit", "role", TinyMqTestClient.CONSUMER, "topic", "t",
					"auth_token", "guessed-Token-1111"));
			assertThat(consumer.closed()).isEqualTo(new Closed(1008, "auth-failed"));
		}
		assertThat(rejected("auth-failed") - before).isEqualTo(1);
		assertThat(output).doesNotContain("guessed-Token-1111").doesNotContain(TokenAuthenticationTests.TOKEN);
	}

	private int port() {
		return this.connectionFactory.getPort();
	}

	private double rejected(String reason) {
		return TinyMqTestClient.rejected(this.meterRegistry, reason);
	}

}
