package dev.dsmq.client.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.dsmq.client.DsmqClient;
import dev.dsmq.test.EmbeddedDsmqServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link DsmqListener} methods end to end: a message put by one client reaches the method as a converted object.
 */
class DsmqListenerTests {

	@RegisterExtension
	static final EmbeddedDsmqServer server = EmbeddedDsmqServer.onFreePort();

	private final ApplicationContextRunner runner = TestRunners.against(server)
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withPropertyValues("dsmq.client.listener.wait=5s");

	@Test
	void listenerReceivesAMessageAsTheParameterType() {
		this.runner.withUserConfiguration(Listeners.class).run((context) -> {
			try (DsmqClient writer = writer()) {
				writer.put("greetings", json("{\"name\": \"Ada\", \"times\": 3}"));
			}
			Listeners listeners = context.getBean(Listeners.class);
			await().atMost(Duration.ofSeconds(30)).until(() -> !listeners.greetings.isEmpty());
			assertThat(listeners.greetings).containsExactly(new Greeting("Ada", 3));
		});
	}

	@Test
	void everyListenerOfATopicReceivesEachMessageInOrder() {
		this.runner.withUserConfiguration(Listeners.class).run((context) -> {
			try (DsmqClient writer = writer()) {
				writer.put("texts", "one");
				writer.put("texts", json("{\"not\": \"a string\"}"));
			}
			Listeners listeners = context.getBean(Listeners.class);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> listeners.texts.size() == 2 && listeners.nodes.size() == 2);
			assertThat(listeners.texts).containsExactly("one", "{\"not\":\"a string\"}");
			assertThat(listeners.nodes).extracting(JsonNode::isString).containsExactly(true, false);
		});
	}

	@Test
	void failingListenerIsCountedAndKeepsReceiving() {
		this.runner.withUserConfiguration(Listeners.class).run((context) -> {
			try (DsmqClient writer = writer()) {
				writer.put("fragile", "fail");
				writer.put("fragile", "fine");
			}
			Listeners listeners = context.getBean(Listeners.class);
			await().atMost(Duration.ofSeconds(30)).until(() -> listeners.fragile.contains("fine"));
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("dsmq.client.listener.invocations")
				.tag("topic", "fragile")
				.tag("outcome", "failure")
				.counter()
				.count()).isEqualTo(1);
			// the successful call is counted just after the method returns
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(registry.get("dsmq.client.listener.invocations")
					.tag("topic", "fragile")
					.tag("outcome", "success")
					.counter()
					.count()).isEqualTo(1));
			assertThat(listeners.fragile).containsExactly("fine");
		});
	}

	@Test
	void listenersStartAndStopWithTheContext() {
		this.runner.withUserConfiguration(Listeners.class).run((context) -> {
			DsmqListenerContainer container = context.getBean(DsmqListenerContainer.class);
			assertThat(container.isRunning()).isTrue();
			assertThat(container.getTopics()).containsExactlyInAnyOrder("greetings", "texts", "fragile");
			context.stop();
			assertThat(container.isRunning()).isFalse();
			assertThat(container.getTopics()).isEmpty();
		});
	}

	@Test
	void listenerMethodWithTwoParametersFailsStartupNamingTheMethod() {
		this.runner.withUserConfiguration(BadListener.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("BadListener.listen(java.lang.String,java.lang.String)")
				.hasMessageContaining("must take exactly one parameter"));
	}

	private static DsmqClient writer() {
		return DsmqClient.builder().port(server.getPort()).build();
	}

	private static JsonNode json(String json) {
		return tools.jackson.databind.json.JsonMapper.builder().build().readTree(json);
	}

	record Greeting(String name, int times) {
	}

	@Configuration(proxyBeanMethods = false)
	static class Listeners {

		final List<Greeting> greetings = new CopyOnWriteArrayList<>();

		final List<String> texts = new CopyOnWriteArrayList<>();

		final List<JsonNode> nodes = new CopyOnWriteArrayList<>();

		final List<String> fragile = new CopyOnWriteArrayList<>();

		@DsmqListener(topic = "greetings")
		void greet(Greeting greeting) {
			this.greetings.add(greeting);
		}

		@DsmqListener(topic = "texts")
		void text(String text) {
			this.texts.add(text);
		}

		@DsmqListener(topic = "texts")
		void node(JsonNode node) {
			this.nodes.add(node);
		}

		@DsmqListener(topic = "fragile")
		void fragile(String message) {
			if (message.equals("fail")) {
				throw new IllegalStateException("cannot handle " + message);
			}
			this.fragile.add(message);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BadListener {

		@DsmqListener(topic = "bad")
		void listen(String one, String two) {
		}

	}

}
