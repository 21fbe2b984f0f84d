package dev.dsmq.server;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live page and its data over HTTP, on a server without a token, after traffic over real sockets.
 */
// a context of its own (the property is the default), since the tests count every topic and connection
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "dsmq.port=0", "dsmq.page.enabled=true" })
class LivePageTests {

	@LocalServerPort
	private int httpPort;

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Test
	void pageAndItsFilesAreServedWithAStrictContentSecurityPolicyAndNeedNoTokenWhereNoneIsSet() {
		ActuatorClient http = new ActuatorClient(this.httpPort);
		HttpResponse<String> page = http.get("/");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
		assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(LivePage.CONTENT_SECURITY_POLICY);
		assertThat(page.body()).contains("<script src=\"/dsmq/page.js\" defer></script>").doesNotContain("http");
		HttpResponse<String> script = http.get("/dsmq/page.js");
		assertThat(script.statusCode()).isEqualTo(200);
		assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript;charset=UTF-8");
		assertThat(script.body()).contains("textContent").doesNotContain("innerHTML");
		assertThat(http.get("/dsmq/page.css").headers().firstValue("Content-Type")).hasValue("text/css;charset=UTF-8");
	}

	@Test
	void dataCountsConnectionsByGenerationAndShowsTopicsWithTheirGroups() {
		ActuatorClient http = new ActuatorClient(this.httpPort);
		try (LivePageTraffic traffic = new LivePageTraffic(this.connectionFactory.getPort())) {
			LivePageTraffic.awaitConnections(http);
			HttpResponse<String> response = http.get(LivePage.OVERVIEW_PATH);
			assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
			JsonNode overview = http.json(LivePage.OVERVIEW_PATH);
			assertThat(overview.at("/connectionsOpen").asInt()).isEqualTo(2);
			assertThat(overview.at("/connectionsByGeneration").propertyNames()).containsExactly("headerless", "framed",
					"websocket", "tinymq", "unknown");
			assertThat(overview.at("/connectionsByGeneration/websocket").asInt()).isZero();
			assertThat(overview.at("/topicLimit").asInt()).isEqualTo(LivePage.MAX_TOPICS);
			JsonNode orders = topic(overview, "orders");
			assertThat(orders.at("/messages").asLong()).isEqualTo(3);
			assertThat(orders.at("/putsPerSecond").asDouble()).isPositive();
			assertThat(orders.at("/groups/0/name").asString()).isEqualTo("billing");
			assertThat(orders.at("/groups/0/available").asLong()).isEqualTo(2);
			assertThat(orders.at("/groups/0/claimed").asLong()).isEqualTo(1);
			assertThat(topic(overview, "audit").at("/getsPerSecond").asDouble()).isPositive();
			assertThat(topic(overview, LivePageTraffic.MARKUP_TOPIC).at("/messages").asLong()).isEqualTo(1);
			assertThat(overview.at("/groupsHeld").asInt()).isGreaterThanOrEqualTo(1);
		}
	}

	@Test
	@DirtiesContext
	void dataListsAtMostTheFirstTopicsOldestFirstAndCountsThemAll() {
		ActuatorClient http = new ActuatorClient(this.httpPort);
		try (DsmqTestClient client = DsmqTestClient.connect(this.connectionFactory.getPort())) {
			for (int i = 0; i < LivePage.MAX_TOPICS + 50; i++) {
				client.put("many-" + i, "m");
			}
			assertThat(client.get("many-0")).isEqualTo("m");
		}
		JsonNode overview = http.json(LivePage.OVERVIEW_PATH);
		assertThat(overview.at("/topics").size()).isEqualTo(LivePage.MAX_TOPICS);
		assertThat(overview.at("/topicsHeld").asLong()).isGreaterThanOrEqualTo(LivePage.MAX_TOPICS + 50);
		List<String> many = new ArrayList<>();
		overview.get("topics").forEach((topic) -> many.add(topic.get("name").asString()));
		many.removeIf((name) -> !name.startsWith("many-"));
		assertThat(many).hasSizeGreaterThanOrEqualTo(LivePage.MAX_TOPICS - 3)
			.isEqualTo(IntStream.range(0, many.size()).mapToObj((i) -> "many-" + i).toList());
	}

	static JsonNode topic(JsonNode overview, String name) {
		for (JsonNode topic : overview.get("topics")) {
			if (topic.get("name").asString().equals(name)) {
				return topic;
			}
		}
		throw new AssertionError("no topic " + name + " in " + overview);
	}

}
