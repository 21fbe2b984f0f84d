package dev.dsmq.server.tcp;

import java.io.ByteArrayOutputStream;
import java.util.Map;

import dev.dsmq.server.DsmqTestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dsmq.max-messages-per-topic}: a topic that would hold more drops its oldest messages.
 */
@SpringBootTest(properties = { "dsmq.port=0", "dsmq.max-messages-per-topic=1000" })
class TopicLimitTests {

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Test
	void topicOverItsMessageLimitKeepsItsNewestMessages() {
		try (DsmqTestClient reader = connect(); DsmqTestClient writer = connect()) {
			assertThat(reader.get("capped")).isEmpty();
			ByteArrayOutputStream puts = new ByteArrayOutputStream();
			for (int i = 0; i < 1_200; i++) {
				puts.writeBytes(DsmqTestClient.frame(Map.of("action", "put", "topic", "capped", "message", "m" + i)));
			}
			writer.sendRaw(puts.toByteArray());
			assertThat(writer.getLatest("capped")).isEqualTo("m1199");
			assertThat(reader.get("capped")).isEqualTo("m200");
		}
	}

	private DsmqTestClient connect() {
		return DsmqTestClient.connect(this.connectionFactory.getPort());
	}

}
