package dev.dsmq.cli;

import java.io.IOException;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the commands tell when there is no server, or the command line is wrong: one line on the error stream and
 * an exit code a script can test, never a stack trace.
 */
class FailureTests {

	@Test
	void refusedConnectionIsOneLineAndExitCode69() throws IOException {
		int port = freePort();
		for (String command : new String[] { "put", "get", "echo", "hz", "bench" }) {
			String[] args = command.equals("put") ? new String[] { command, "--port=" + port, "t", "x" }
					: new String[] { command, "--port=" + port, "t" };
			if (command.equals("bench")) {
				args = new String[] { command, "--port=" + port };
			}
			Cli.Result result = Cli.run(args);
			assertThat(result.exitCode()).as(command).isEqualTo(69);
			assertThat(result.err()).as(command)
				.isEqualTo("dsmq: cannot connect to 127.0.0.1:" + port + ": Connection refused" + System.lineSeparator());
		}
	}

	@Test
	void unreachableHttpSideIsExitCode69ForTopicsAndHealth() throws IOException {
		int port = freePort();
		for (String command : new String[] { "topics", "health" }) {
			Cli.Result result = Cli.run(command, "--http-port=" + port);
			assertThat(result.exitCode()).as(command).isEqualTo(69);
			assertThat(result.err()).as(command)
				.isEqualTo("dsmq: cannot connect to 127.0.0.1:" + port + ": Connection refused" + System.lineSeparator());
		}
	}

	@Test
	void unknownHostIsToldAsSuch() {
		Cli.Result result = Cli.run("put", "--host=no-such-host.invalid", "t", "x");
		assertThat(result.exitCode()).isEqualTo(69);
		assertThat(result.err()).isEqualTo("dsmq: cannot connect to no-such-host.invalid:30008: unknown host"
				+ System.lineSeparator());
	}

	@Test
	void missingArgumentIsAUsageErrorWithExitCode2() {
		Cli.Result result = Cli.run("put", "only-a-topic");
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("Missing required parameter: 'MESSAGE'");
	}

	@Test
	void portOutOfRangeIsAUsageError() {
		Cli.Result result = Cli.run("get", "--port=70000", "t");
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).isEqualTo("dsmq: port 70000 is outside 1 to 65535" + System.lineSeparator());
	}

	@Test
	void afterThatIsNoSequenceNumberIsAUsageErrorOfGetAndEcho() {
		for (String command : new String[] { "get", "echo" }) {
			Cli.Result negative = Cli.run(command, "--after=-5", "t");
			assertThat(negative.exitCode()).as(command).isEqualTo(2);
			assertThat(negative.err()).as(command).contains("-5 is not a sequence number");
			Cli.Result word = Cli.run(command, "--after=first", "t");
			assertThat(word.exitCode()).as(command).isEqualTo(2);
			assertThat(word.err()).as(command).contains("'first' is not a sequence number");
		}
	}

	@Test
	void waitThatIsNoNumberIsAUsageError() {
		Cli.Result result = Cli.run("get", "--wait=soon", "t");
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("'soon' is not a number of seconds");
	}

	@Test
	void helpListsEveryCommandAndTheExitCodes() {
		Cli.Result result = Cli.run("--help");
		assertThat(result.exitCode()).isZero();
		assertThat(result.out()).contains("put", "get", "echo", "hz", "topics", "health", "bench", "Exit codes:",
				"69", "77", "DSMQ_AUTH_TOKEN");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
