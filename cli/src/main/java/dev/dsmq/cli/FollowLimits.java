package dev.dsmq.cli;

import java.time.Duration;

import dev.dsmq.client.DsmqClient;

import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;

/**
 * When a command that follows a topic ({@code echo}, {@code hz}) stops by itself: after so many messages, after so
 * long, or, with neither, only on Ctrl-C or SIGTERM.
 */
final class FollowLimits {

	@Option(names = { "-n", "--count" }, paramLabel = "N", defaultValue = "0",
			description = "Stop after N messages (0, the default, for no end).")
	long count;

	@Option(names = "--duration", paramLabel = "SECONDS", converter = Seconds.class,
			description = "Stop after this long.")
	Duration duration;

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
	 */
	Follower follower(DsmqClient client, String topic, long after) {
		return new Follower(client, topic, after, this.count, this.duration);
	}

}
