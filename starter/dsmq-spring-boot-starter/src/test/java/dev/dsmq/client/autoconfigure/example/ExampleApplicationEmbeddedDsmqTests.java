package dev.dsmq.client.autoconfigure.example;

import java.time.Duration;

import dev.dsmq.client.autoconfigure.DsmqTemplate;
import dev.dsmq.test.EmbeddedDsmq;
import dev.dsmq.test.EmbeddedDsmqServer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The example application as an application's own test would run it: {@code @SpringBootTest} with
 * {@code @EmbeddedDsmq}, nothing else to start or configure.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@EmbeddedDsmq
class ExampleApplicationEmbeddedDsmqTests {

	@Autowired
	private DsmqTemplate dsmq;

	@Autowired
	private GreetingListener listener;

	@Test
	void greetingsPutByTheTestAndOnStartupReachTheListener(EmbeddedDsmqServer server) {
		this.dsmq.put("greetings", new Greeting("test", "hello from the test"));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.listener.getReceived()).contains(
					new Greeting("example", "hello from dsmq"), new Greeting("test", "hello from the test")));
		assertThat(this.dsmq.getClient().getAddress()).isEqualTo("127.0.0.1:" + server.getPort());
	}

}
