package dev.dsmq.cli;

import java.time.Duration;

import dev.dsmq.client.DsmqClient;
import dev.dsmq.client.DsmqClientBuilder;
import dev.dsmq.client.DsmqException;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where the protocol port is and how to connect to it, for the commands that put and get.
 */
final class ProtocolOptions {

	private static final Duration RECONNECT_BACKOFF_INITIAL = Duration.ofMillis(100);

	private static final Duration RECONNECT_BACKOFF_MAX = Duration.ofSeconds(2);

	@Mixin
	CommonOptions common;

	@Option(names = { "-p", "--port" }, paramLabel = "PORT", defaultValue = "${env:DSMQ_PORT:-30008}",
			description = "Protocol port of the server (DSMQ_PORT; default ${DEFAULT-VALUE}).")
	int port;

	@Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "5", converter = Seconds.class,
			description = "How long connecting, the TLS handshake and the token's check may take "
					+ "(default ${DEFAULT-VALUE} s).")
	Duration connectTimeout;

	String address() {
		return this.common.host() + ":" + this.port;
	}

	/**
	 * Return a client connected to the server, its read positions starting now.
	 * @throws CliException if it cannot connect, or the server refuses the token
	 */
	DsmqClient connect() {
		if (this.port < 1 || this.port > 65535) {
			throw new CliException(CommandLine.ExitCode.USAGE, "port " + this.port + " is outside 1 to 65535");
		}
		if (this.connectTimeout.isZero()) {
			throw new CliException(CommandLine.ExitCode.USAGE, "the connect timeout must be more than 0 seconds");
		}
		DsmqClientBuilder builder = DsmqClient.builder()
			.host(this.common.host())
			.port(this.port)
			.connectTimeout(this.connectTimeout)
			// echo and hz connect again after a lost connection: within 2 s of the server's return, not 10
			.reconnectBackoff(RECONNECT_BACKOFF_INITIAL, RECONNECT_BACKOFF_MAX);
		if (this.common.tls()) {
			builder.sslContext(this.common.sslContext());
		}
		String token = this.common.token();
		if (token != null) {
			builder.token(token);
		}
		DsmqClient client = builder.build();
		try {
			client.connect();
			return client;
		}
		catch (DsmqException ex) {
			client.close();
			throw Failure.connecting(address(), ex);
		}
	}

}
