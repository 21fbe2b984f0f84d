package dev.dsmq.client.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.dsmq.client.DsmqClient;
import dev.dsmq.client.DsmqException;
import dev.dsmq.test.EmbeddedDsmqServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The template and the client metrics against a real server.
 */
class DsmqTemplateTests {

	@RegisterExtension
	static final EmbeddedDsmqServer server = EmbeddedDsmqServer.onFreePort();

	private final ApplicationContextRunner runner = TestRunners.against(server)
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	@Test
	void objectPutIsReadBackAsTheRequestedType() {
		this.runner.run((context) -> {
			DsmqTemplate template = context.getBean(DsmqTemplate.class);
			template.getClient().connect();
			template.put("orders", new Order("o-1", List.of("tea", "cake"), 2));
			assertThat(template.get("orders", Order.class)).contains(new Order("o-1", List.of("tea", "cake"), 2));
		});
	}

	@Test
	void getIsEmptyWhenNothingIsEligible() {
		this.runner.run((context) -> assertThat(context.getBean(DsmqTemplate.class).get("nothing", Order.class))
			.isEmpty());
	}

	@Test
	void getLatestReturnsTheNewestAsTheRequestedType() {
		this.runner.run((context) -> {
			DsmqTemplate template = context.getBean(DsmqTemplate.class);
			template.getClient().connect();
			template.put("counts", 1);
			template.put("counts", 2);
			assertThat(template.getLatest("counts", Integer.class)).contains(2);
		});
	}

	@Test
	void getWaitReturnsAnObjectPutWhileWaiting() {
		this.runner.run((context) -> {
			DsmqTemplate template = context.getBean(DsmqTemplate.class);
			template.getClient().connect();
			CompletableFuture<Optional<Order>> waiting = CompletableFuture
				.supplyAsync(() -> template.getWait("waited-orders", Duration.ofSeconds(30), Order.class));
			try (DsmqClient writer = DsmqClient.builder().port(server.getPort()).build()) {
				new DsmqTemplate(writer, context.getBean(JsonMapper.class)).put("waited-orders",
						new Order("o-2", List.of(), 1));
			}
			assertThat(waiting.get()).contains(new Order("o-2", List.of(), 1));
		});
	}

	@Test
	void messageThatCannotBeConvertedFailsWithTheTopicAndType() {
		this.runner.run((context) -> {
			DsmqTemplate template = context.getBean(DsmqTemplate.class);
			template.getClient().connect();
			template.put("mixed", "not an order");
			assertThatExceptionOfType(DsmqException.class).isThrownBy(() -> template.get("mixed", Order.class))
				.withMessageContaining("message of topic 'mixed' cannot be read as")
				.withMessageContaining("Order");
		});
	}

	@Test
	void putsAndGetsAreCountedByOutcome() {
		this.runner.run((context) -> {
			DsmqTemplate template = context.getBean(DsmqTemplate.class);
			template.put("counted", "one");
			template.get("counted", String.class);
			template.get("counted", String.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("dsmq.client.puts").tag("outcome", "ok").counter().count()).isEqualTo(1);
			assertThat(registry.get("dsmq.client.gets").tag("action", "get").tag("outcome", "ok").counter().count())
				.isEqualTo(1);
			assertThat(registry.get("dsmq.client.gets").tag("action", "get").tag("outcome", "empty").counter().count())
				.isEqualTo(1);
		});
	}

	record Order(String id, List<String> items, int quantity) {
	}

}
