package dev.dsmq.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.JsonNode;

/**
 * {@code dsmq topics}: what the server holds, from its {@code dsmq} Actuator endpoint.
 */
@Command(name = "topics", sortOptions = false,
		description = { "List the topics the server holds, with their rates and groups.",
				"Oldest first: messages and bytes held, puts and gets per second over the last minute, the "
						+ "age of the oldest message, and each work-queue group's available and claimed messages.",
				"Read from GET /actuator/dsmq on the server's HTTP side, which asks for the token where the "
						+ "server has one." })
final class TopicsCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Option(names = "--limit", paramLabel = "N", defaultValue = "100",
			description = "List at most N topics, 1 to 1000 (default ${DEFAULT-VALUE}).")
	int limit;

	@Option(names = "--offset", paramLabel = "N", defaultValue = "0",
			description = "Skip the first N topics (default ${DEFAULT-VALUE}).")
	int offset;

	@Option(names = "--json", description = "Print the endpoint's JSON as it came, connections included.")
	boolean json;

	@Mixin
	HttpOptions http;

	@Mixin
	HelpOption help;

	@Override
	public Integer call() {
		if (this.limit < 1 || this.limit > 1000 || this.offset < 0) {
			throw new CliException(picocli.CommandLine.ExitCode.USAGE,
					"--limit is 1 to 1000 and --offset 0 or more, not " + this.limit + " and " + this.offset);
		}
		HttpAnswer answer = this.http.get("/actuator/dsmq?limit=" + this.limit + "&offset=" + this.offset);
		if (answer.status() != 200) {
			throw new CliException(Dsmq.PROTOCOL, answer.url() + " answered HTTP " + answer.status()
					+ ((answer.status() == 404) ? ": the server does not expose the dsmq endpoint" : ""));
		}
		PrintWriter out = this.spec.commandLine().getOut();
		if (this.json) {
			out.println(answer.text());
			out.flush();
			return 0;
		}
		JsonNode state = answer.json(Json.MAPPER);
		Table table = new Table("TOPIC", "MESSAGES>", "BYTES>", "PUT/S>", "GET/S>", "OLDEST>", "GROUPS");
		for (JsonNode topic : state.path("topics")) {
			table.add(topic.path("name").asString(), Long.toString(topic.path("messages").asLong()),
					Long.toString(topic.path("bytes").asLong()), rate(topic.path("putsPerSecond")),
					rate(topic.path("getsPerSecond")), age(topic.path("oldestAgeSeconds")), groups(topic.path("groups")));
		}
		table.print(out);
		out.println(summary(state));
		out.flush();
		return 0;
	}

	private static String rate(JsonNode perSecond) {
		return String.format(Locale.ROOT, "%.3f", perSecond.asDouble());
	}

	private static String age(JsonNode seconds) {
		if (seconds.isMissingNode() || seconds.isNull()) {
			return "-";
		}
		double age = seconds.asDouble();
		if (age < 60) {
			return String.format(Locale.ROOT, "%.1fs", age);
		}
		if (age < 3600) {
			return String.format(Locale.ROOT, "%dm%02ds", (long) age / 60, (long) age % 60);
		}
		return String.format(Locale.ROOT, "%dh%02dm", (long) age / 3600, (long) age % 3600 / 60);
	}

	private static String groups(JsonNode groups) {
		List<String> described = new ArrayList<>();
		for (JsonNode group : groups) {
			described.add(group.path("name").asString() + " (" + group.path("available").asLong() + " available, "
					+ group.path("claimed").asLong() + " claimed)");
		}
		return described.isEmpty() ? "-" : String.join(", ", described);
	}

	private static String summary(JsonNode state) {
		long held = state.path("topicsHeld").asLong();
		int listed = state.path("topics").size();
		long offset = state.path("offset").asLong();
		String topics = (listed == held) ? count(held, "topic", "topics")
				: "topics " + ((listed > 0) ? (offset + 1) + "-" + (offset + listed) : "none") + " of " + held;
		return topics + ", " + count(state.path("messagesHeld").asLong(), "message", "messages") + ", "
				+ count(state.path("bytesHeld").asLong(), "byte", "bytes") + ", "
				+ count(state.path("groupsHeld").asLong(), "group", "groups") + ", "
				+ count(state.path("connectionsOpen").asLong(), "connection", "connections");
	}

	private static String count(long count, String one, String many) {
		return count + " " + ((count == 1) ? one : many);
	}

}
