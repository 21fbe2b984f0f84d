package dev.dsmq.cli;

import dev.dsmq.test.EmbeddedDsmqServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server that requires a token: the commands present it on the protocol port and over HTTP, and say so in one
 * line, with exit code 77, when it is refused or missing.
 */
class TokenTests {

	private static final String TOKEN = "cli-test-token";

	@RegisterExtension
	static final EmbeddedDsmqServer server = WebServers.onFreePorts("dsmq.auth.token=" + TOKEN,
			"logging.level.dev.dsmq.server.tcp.Refusals=error");

	@Test
	void putAndGetWithTheTokenWork() {
		assertThat(Cli.run(Cli.against(server, "put", "--token=" + TOKEN, "guarded", "in")).exitCode()).isZero();
		Cli.Result get = Cli.run(Cli.against(server, "get", "--token=" + TOKEN, "--after=0", "guarded"));
		assertThat(get.out().trim()).isEqualTo("in");
	}

	@Test
	void wrongTokenIsRefusedWithExitCode77AndNoStackTrace() {
		Cli.Result put = Cli.run(Cli.against(server, "put", "--token=wrong", "guarded", "out"));
		assertThat(put.exitCode()).isEqualTo(77);
		assertThat(put.err()).isEqualTo("dsmq: 127.0.0.1:" + server.getPort() + " refused the token: wrong token"
				+ System.lineSeparator());
		assertThat(put.err()).doesNotContain("wrong\n", "Exception");
	}

	@Test
	void missingTokenIsToldWithExitCode77() {
		Cli.Result put = Cli.run(Cli.against(server, "put", "guarded", "out"));
		assertThat(put.exitCode()).isEqualTo(77);
		assertThat(put.err()).isEqualTo("dsmq: the server requires a token: set DSMQ_AUTH_TOKEN or give --token"
				+ System.lineSeparator());
	}

	@Test
	void topicsWithoutTheTokenIsRefusedWithExitCode77() {
		Cli.Result result = Cli.run("topics", "--http-port=" + WebServers.httpPort(server));
		assertThat(result.exitCode()).isEqualTo(77);
		assertThat(result.err()).contains("requires a token (HTTP 401)");
	}

	@Test
	void topicsWithTheTokenAsABearerTokenListsTheTopics() {
		Cli.run(Cli.against(server, "put", "--token=" + TOKEN, "bearer", "x"));
		Cli.Result result = Cli.run("topics", "--json", "--token=" + TOKEN,
				"--http-url=http://127.0.0.1:" + WebServers.httpPort(server) + "/");
		assertThat(result.exitCode()).isZero();
		assertThat(Json.parse(result.out()).get("topics").findValuesAsString("name")).contains("bearer");
	}

	@Test
	void healthWithoutTheTokenTellsTheStatusAlone() {
		Cli.Result result = Cli.run("health", "--http-port=" + WebServers.httpPort(server));
		assertThat(result.exitCode()).isZero();
		assertThat(result.out()).isEqualTo("UP" + System.lineSeparator());
	}

	@Test
	void healthWithTheTokenShowsItsComponents() {
		Cli.Result result = Cli.run("health", "--token=" + TOKEN, "--http-port=" + WebServers.httpPort(server));
		assertThat(result.exitCode()).isZero();
		assertThat(result.out()).contains("  dsmq: UP (address 127.0.0.1:" + server.getPort());
	}

}
