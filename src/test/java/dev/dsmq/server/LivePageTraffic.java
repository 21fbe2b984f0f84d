package dev.dsmq.server;

import java.util.Map;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Traffic for the live page to show, through the protocol port: three messages on {@code orders}, one of them claimed
 * by the work-queue group {@code billing}, one on {@code audit} and one on a topic whose name is markup, over a framed
 * (0.7) connection and a headerless (0.1-0.4) one, both kept open until closed.
 */
final class LivePageTraffic implements AutoCloseable {

	/** A topic name a page that took names for markup would run as a script. */
	static final String MARKUP_TOPIC = "<img src=x onerror=alert(1)>";

	private final DsmqTestClient framed;

	private final BareJsonClient headerless;

	LivePageTraffic(int protocolPort) {
		this.framed = DsmqTestClient.connect(protocolPort);
		this.headerless = BareJsonClient.connect(protocolPort);
		for (String order : new String[] { "first", "second", "third" }) {
			this.framed.put("orders", order);
		}
		this.framed.send(Map.of("action", "get", "topic", "orders", "group", "billing"));
		assertThat(this.framed.readReply()).containsKey("seq");
		this.headerless.put("audit", "logged");
		this.headerless.put(MARKUP_TOPIC, "escaped");
		// a reply after the puts: they are stored, and the connection has told its generation
		assertThat(this.headerless.get("audit")).isEqualTo("logged");
	}

	/**
	 * Wait until the live page's data shows both connections.
	 */
	static void awaitConnections(ActuatorClient http) {
		await().until(() -> {
			JsonNode connections = http.json(LivePage.OVERVIEW_PATH).get("connectionsByGeneration");
			return connections.get("framed").asInt() == 1 && connections.get("headerless").asInt() == 1;
		});
	}

	@Override
	public void close() {
		this.framed.close();
		this.headerless.close();
	}

}
