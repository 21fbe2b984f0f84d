package dev.dsmq.server.tcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.dsmq.server.DsmqTestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server whose cache of the newest messages holds only two or three of them ({@code dsmq.store.cache-size}):
 * readers and groups that fall behind it read the store, then memory, and see every message once, in order.
 */
@SpringBootTest(properties = { "dsmq.port=0", "dsmq.store.cache-size=400B" })
class StoreCacheProtocolTests {

	private static final int MESSAGES = 20;

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Test
	void readerAndGroupBehindTheCacheGetEveryMessageInOrder() {
		try (DsmqTestClient reader = connect(); DsmqTestClient writer = connect(); DsmqTestClient worker = connect()) {
			List<String> put = new ArrayList<>();
			for (int i = 0; i < MESSAGES; i++) {
				String message = "message number " + i + " of the backlog";
				writer.put("backlog", message);
				put.add(message);
			}
			assertThat(writer.getLatest("backlog")).isEqualTo(put.get(MESSAGES - 1));
			List<String> read = new ArrayList<>();
			List<String> popped = new ArrayList<>();
			for (int i = 0; i < MESSAGES; i++) {
				read.add(reader.get("backlog"));
				worker.send(Map.of("action", "pop", "topic", "backlog", "group", "workers"));
				popped.add((String) worker.readReply().get("message"));
			}
			assertThat(read).isEqualTo(put);
			assertThat(popped).isEqualTo(put);
			assertThat(reader.get("backlog")).isEmpty();
		}
	}

	private DsmqTestClient connect() {
		return DsmqTestClient.connect(this.connectionFactory.getPort());
	}

}
