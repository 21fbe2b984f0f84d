package dev.dsmq.cli;

import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import dev.dsmq.client.DsmqClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * {@code dsmq bench}: a quick figure of what the server does for one connection.
 */
@Command(name = "bench", sortOptions = false,
		description = { "Measure puts and gets: messages per second and round trips.",
				"Put N messages on a topic of its own, then get them back on the same connection; for each, "
						+ "the messages per second and a request's round trip, median and 99th percentile.",
				"--pipeline requests are in flight at once; with 1, each waits for the one before it. The "
						+ "messages stay held until the server's time to live." })
final class BenchCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Option(names = { "-n", "--count" }, paramLabel = "N", defaultValue = "10000",
			description = "How many messages to put and get (default ${DEFAULT-VALUE}).")
	int count;

	@Option(names = "--size", paramLabel = "BYTES", defaultValue = "100",
			description = "Bytes of each message (default ${DEFAULT-VALUE}).")
	int size;

	@Option(names = "--pipeline", paramLabel = "N", defaultValue = "100",
			description = "Requests in flight at once, 1 for one after the other (default ${DEFAULT-VALUE}).")
	int pipeline;

	@Option(names = "--topic", paramLabel = "TOPIC",
			description = "The topic to use (default: bench- and a random number, so no other reader meets it).")
	String topic;

	@Mixin
	ProtocolOptions connection;

	@Mixin
	HelpOption help;

	@Override
	public Integer call() {
		if (this.count < 1 || this.size < 0 || this.pipeline < 1) {
			throw new CliException(picocli.CommandLine.ExitCode.USAGE,
					"--count and --pipeline must be 1 or more, --size 0 or more");
		}
		String topic = (this.topic != null) ? this.topic
				: "bench-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
		JsonNode message = JsonNodeFactory.instance.stringNode("x".repeat(this.size));
		PrintWriter out = this.spec.commandLine().getOut();
		String mode = (this.pipeline == 1) ? "one after the other" : this.pipeline + " in flight";
		try (DsmqClient client = this.connection.connect()) {
			Run puts = run(() -> client.putAsync(topic, message));
			out.println(puts.describe("put", this.count + " messages of " + this.size + " bytes, " + mode));
			out.flush();
			Run gets = run(() -> client.getAsync(topic));
			out.println(gets.describe("get", gets.hits() + " of " + this.count + " messages, " + mode));
			out.flush();
			if (gets.hits() < this.count) {
				throw new CliException(Dsmq.PROTOCOL, "the gets found " + gets.hits() + " of the " + this.count
						+ " messages put; a limit of the server (dsmq.max-messages-per-topic, dsmq.max-held-bytes) "
						+ "may have dropped the others");
			}
		}
		return 0;
	}

	/**
	 * Send the requests, at most {@link #pipeline} in flight, and time each from its send to its reply.
	 */
	private Run run(Supplier<CompletableFuture<?>> request) {
		long[] roundTrips = new long[this.count];
		long[] sentAt = new long[this.count];
		Deque<CompletableFuture<?>> inFlight = new ArrayDeque<>();
		int hits = 0;
		int answered = 0;
		long started = System.nanoTime();
		for (int i = 0; i < this.count; i++) {
			if (inFlight.size() >= this.pipeline) {
				hits += await(inFlight.remove());
				roundTrips[answered] = System.nanoTime() - sentAt[answered];
				answered++;
			}
			sentAt[i] = System.nanoTime();
			inFlight.add(request.get());
		}
		while (!inFlight.isEmpty()) {
			hits += await(inFlight.remove());
			roundTrips[answered] = System.nanoTime() - sentAt[answered];
			answered++;
		}
		return new Run(System.nanoTime() - started, roundTrips, hits);
	}

	/**
	 * Wait for a reply, and return 1 if it carries a message (a put's always does, as its sequence number).
	 */
	private static int await(CompletableFuture<?> reply) {
		try {
			Object result = reply.join();
			return (result instanceof Optional<?> read && read.isEmpty()) ? 0 : 1;
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
	}

	/**
	 * What one run of requests measured.
	 */
	record Run(long nanos, long[] roundTrips, int hits) {

		String describe(String action, String what) {
			long[] sorted = this.roundTrips.clone();
			Arrays.sort(sorted);
			return String.format(Locale.ROOT, "%s  %s: %.0f messages/s, round trip p50 %.3f ms, p99 %.3f ms", action,
					what, sorted.length * 1e9 / this.nanos, percentile(sorted, 50) / 1e6, percentile(sorted, 99) / 1e6);
		}

		private static long percentile(long[] sorted, int percent) {
			int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
			return sorted[Math.max(0, rank - 1)];
		}

	}

}
