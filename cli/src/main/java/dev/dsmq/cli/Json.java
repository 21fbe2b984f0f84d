package dev.dsmq.cli;

import java.math.BigDecimal;
import java.time.Instant;

import dev.dsmq.client.ReceivedMessage;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON the commands read and print.
 */
final class Json {

	static final JsonMapper MAPPER = JsonMapper.builder().build();

	private Json() {
	}

	/**
	 * Return a message read with its metadata as one JSON object, the fields named as on the wire: {@code topic},
	 * {@code seq}, {@code sent} (seconds since the epoch, to the millisecond), {@code headers} if it had any, and
	 * {@code message}, the JSON value as it was put.
	 */
	static String line(String topic, ReceivedMessage message) {
		ObjectNode line = MAPPER.createObjectNode();
		line.put("topic", topic);
		line.put("seq", message.seq());
		line.put("sent", seconds(message.sent()));
		if (!message.headers().isEmpty()) {
			ObjectNode headers = line.putObject("headers");
			message.headers().forEach(headers::put);
		}
		line.set("message", message.message());
		return MAPPER.writeValueAsString(line);
	}

	/**
	 * Parse a JSON value given on the command line or read from the input.
	 * @throws CliException if it is not JSON
	 */
	static JsonNode parse(String text) {
		try {
			return MAPPER.readTree(text);
		}
		catch (JacksonException ex) {
			String shown = (text.length() > 60) ? text.substring(0, 60) + "..." : text;
			throw new CliException(picocli.CommandLine.ExitCode.USAGE,
					"'" + shown + "' is not JSON: " + ex.getOriginalMessage());
		}
	}

	private static BigDecimal seconds(Instant instant) {
		return BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3);
	}

}
