package dev.dsmq.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.JsonNode;

/**
 * {@code dsmq health}: the server's health status, for scripts and for a look.
 */
@Command(name = "health", sortOptions = false,
		description = { "Print the server's health; exit 0 when UP, 1 when not.",
				"From GET /actuator/health, with its components and their details where the token (or a "
						+ "server without one) allows them.",
				"The status itself needs no token." })
final class HealthCommand implements Callable<Integer> {

	private static final String UP = "UP";

	@Spec
	CommandSpec spec;

	@Option(names = "--json", description = "Print the endpoint's JSON as it came.")
	boolean json;

	@Mixin
	HttpOptions http;

	@Mixin
	HelpOption help;

	@Override
	public Integer call() {
		HttpAnswer answer = this.http.get("/actuator/health");
		if (answer.status() != 200 && answer.status() != 503) {
			throw new CliException(Dsmq.PROTOCOL, answer.url() + " answered HTTP " + answer.status());
		}
		JsonNode health = answer.json(Json.MAPPER);
		String status = health.path("status").asString("UNKNOWN");
		PrintWriter out = this.spec.commandLine().getOut();
		if (this.json) {
			out.println(answer.text());
		}
		else {
			out.println(status);
			for (Map.Entry<String, JsonNode> component : health.path("components").properties()) {
				out.println("  " + component.getKey() + ": " + describe(component.getValue()));
			}
		}
		out.flush();
		return status.equals(UP) ? 0 : Dsmq.EMPTY;
	}

	private static String describe(JsonNode component) {
		String status = component.path("status").asString("UNKNOWN");
		List<String> details = new ArrayList<>();
		for (Map.Entry<String, JsonNode> detail : component.path("details").properties()) {
			JsonNode value = detail.getValue();
			details.add(detail.getKey() + " " + (value.isValueNode() ? value.asString() : value.toString()));
		}
		return details.isEmpty() ? status : status + " (" + String.join(", ", details) + ")";
	}

}
