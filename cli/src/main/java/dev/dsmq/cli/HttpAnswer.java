package dev.dsmq.cli;

import java.nio.charset.StandardCharsets;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the HTTP side answered to a GET.
 * @param url the URL asked
 * @param status the HTTP status
 * @param body the body as it came
 */
record HttpAnswer(String url, int status, byte[] body) {

	String text() {
		return new String(this.body, StandardCharsets.UTF_8);
	}

	/**
	 * Return the body as JSON.
	 * @throws CliException if it is not JSON
	 */
	JsonNode json(JsonMapper json) {
		try {
			return json.readTree(this.body);
		}
		catch (JacksonException ex) {
			String text = text();
			throw new CliException(Dsmq.PROTOCOL, this.url + " answered HTTP " + this.status + " with no JSON: "
					+ ((text.length() > 200) ? text.substring(0, 200) + "..." : text));
		}
	}

}
