package dev.dsmq.server.queue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.dsmq.server.DsmqApplication;
import dev.dsmq.server.DsmqTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * {@code dsmq.store.path} keeps work-queue groups with the messages: a group's claims, deletes and retrieval counts
 * survive a restart of the server.
 */
class DurableGroupsTests {

	@TempDir
	private Path directory;

	@Test
	void claimsDeletesAndRetrievalCountsSurviveARestart() {
		String store = "--dsmq.store.path=" + this.directory.resolve("dsmq.db");
		Object firstRetrieved;
		try (ConfigurableApplicationContext first = start(store);
				DsmqTestClient worker = DsmqTestClient.connect(port(first))) {
			for (String message : new String[] { "short claim", "popped", "long claim" }) {
				worker.send(Map.of("action", "put", "topic", "kept-jobs", "message", message, "id", "p"));
				assertThat(worker.readReply()).containsEntry("ok", true);
			}
			firstRetrieved = request(worker, "get", "visibility", 1).get("first_retrieved");
			assertThat(request(worker, "pop")).containsEntry("message", "popped");
			assertThat(request(worker, "get", "visibility", 600)).containsEntry("message", "long claim");
		}
		try (ConfigurableApplicationContext second = start(store);
				DsmqTestClient worker = DsmqTestClient.connect(port(second))) {
			assertThat(second.getBean(QueueService.class).groupCount()).isEqualTo(1);
			// the short claim runs out a second after it was made; the long one and the pop stay
			assertThat(request(worker, "get", "wait", 30)).containsEntry("message", "short claim")
				.containsEntry("first_retrieved", firstRetrieved)
				.containsEntry("retrieval_count", 2);
			assertThat(request(worker, "peek")).containsExactly(entry("message", ""));
		}
	}

	private static Map<String, Object> request(DsmqTestClient client, String action, Object... more) {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("action", action);
		request.put("topic", "kept-jobs");
		request.put("group", "workers");
		for (int i = 0; i < more.length; i += 2) {
			request.put((String) more[i], more[i + 1]);
		}
		client.send(request);
		return client.readReply();
	}

	private static ConfigurableApplicationContext start(String store) {
		return new SpringApplicationBuilder(DsmqApplication.class).web(WebApplicationType.NONE)
			.run(store, "--dsmq.port=0");
	}

	private static int port(ConfigurableApplicationContext context) {
		return context.getBean(TcpNetServerConnectionFactory.class).getPort();
	}

}
