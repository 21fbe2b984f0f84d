package dev.dsmq.cli;

import java.time.Duration;

import dev.dsmq.client.DsmqClient;
import dev.dsmq.test.EmbeddedDsmqServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code topics} and {@code health} against a real server's HTTP side.
 */
class HttpCommandTests {

	@RegisterExtension
	static final EmbeddedDsmqServer server = WebServers.onFreePorts();

	@Test
	void healthPrintsUpWithItsComponentsAndExitsZero() {
		Cli.Result result = Cli.run("health", "--http-port=" + WebServers.httpPort(server));
		assertThat(result.exitCode()).isZero();
		assertThat(result.lines().get(0)).isEqualTo("UP");
		assertThat(result.out()).contains("  dsmq: UP (address 127.0.0.1:" + server.getPort());
		assertThat(result.err()).isEmpty();
	}

	@Test
	void topicsListsEachTopicWithItsMessagesAndGroups() {
		try (DsmqClient client = DsmqClient.builder().port(server.getPort()).build()) {
			client.put("listed", "one");
			client.put("listed", "two");
			client.claim("listed", "billing", Duration.ofMinutes(1));
		}
		Cli.Result result = Cli.run("topics", "--http-port=" + WebServers.httpPort(server));
		assertThat(result.exitCode()).isZero();
		assertThat(result.lines().get(0)).startsWith("TOPIC").contains("MESSAGES", "PUT/S", "GET/S", "OLDEST", "GROUPS");
		assertThat(result.lines()).anySatisfy((line) -> assertThat(line).startsWith("listed ")
			.contains(" 2 ")
			.endsWith("billing (1 available, 1 claimed)"));
		// the totals, each noun agreeing with its number: "1 group", "2 messages"
		String totals = result.lines().get(result.lines().size() - 1);
		assertThat(totals.split(", ")).hasSize(5).allSatisfy((part) -> {
			String[] countAndNoun = part.split(" ");
			assertThat(countAndNoun[1].endsWith("s")).as(part).isEqualTo(!countAndNoun[0].equals("1"));
		});
	}

}
