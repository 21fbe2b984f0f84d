package dev.dsmq.cli;

import java.io.PrintWriter;
import java.time.Duration;

import dev.dsmq.client.DsmqClient;

import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;

/**
 * When a command that follows a topic ({@code echo}, {@code hz}) stops by itself: after so many messages, after so
 * long, or, with neither, only on Ctrl-C or SIGTERM; and whether it outlives a lost connection.
 */
final class FollowLimits {

	@Option(names = { "-n", "--count" }, paramLabel = "N", defaultValue = "0",
			description = "Stop after N messages (0, the default, for no end).")
	long count;

	@Option(names = "--duration", paramLabel = "SECONDS", converter = Seconds.class,
			description = "Stop after this long.")
	Duration duration;

	@Option(names = "--no-reconnect", negatable = false,
			description = "End with exit code 69 when the connection is lost, rather than connect again.")
	boolean noReconnect;

	/**
	 * Refuse limits that make no sense, before anything connects, so that they are a usage error whatever the server.
	 */
	void check() {
		if (this.count < 0) {
			throw new CliException(ExitCode.USAGE, "--count " + this.count + " is negative");
		}
	}

	/**
	 * Return a follower of the topic within these limits.
	 * @param after the sequence number to read after, -1 for what is put from now on
	 * @param address the server's address, for what is said on the error stream
	 * @param err where to say that the connection was lost and is back
	 */
	Follower follower(DsmqClient client, String topic, long after, String address, PrintWriter err) {
		return new Follower(client, topic, after, this.count, this.duration, !this.noReconnect, address, err);
	}

}
