package dev.dsmq.client.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.dsmq.client.DsmqClient;
import dev.dsmq.client.DsmqException;
import dev.dsmq.client.ReadOptions;
import dev.dsmq.client.ReceivedMessage;
import dev.dsmq.test.EmbeddedDsmqServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.ParameterizedTypeReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

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

	@Test
	void waitingGetHoldsUpNoOtherCallOfTheTemplate() {
		this.runner.run((context) -> {
			DsmqTemplate template = context.getBean(DsmqTemplate.class);
			template.getClient().connect();
			CompletableFuture<Optional<String>> waiting = CompletableFuture
				.supplyAsync(() -> template.getWait("quiet", Duration.ofSeconds(30), String.class));
			await().atMost(Duration.ofSeconds(10)).until(() -> waitersOfTheServer() == 1);
			// on the one connection these would queue behind the wait for its 30 seconds
			CompletableFuture<Optional<String>> meanwhile = CompletableFuture.supplyAsync(() -> {
				template.put("busy", "put while another call waits");
				return template.get("busy", String.class);
			});
			assertThat(meanwhile.get(10, TimeUnit.SECONDS)).contains("put while another call waits");
			assertThat(waiting).isNotDone();
			template.put("quiet", "at last");
			assertThat(waiting.get(10, TimeUnit.SECONDS)).contains("at last");
		});
	}

	@Test
	void getsAndWaitsOfOneTopicReadOnFromEachOtherAndTakeEachMessageOnce() {
		this.runner.run((context) -> {
			DsmqTemplate template = context.getBean(DsmqTemplate.class);
			template.getClient().connect();
			template.getWait("turns", Duration.ZERO, Integer.class);
			for (int i = 1; i <= 4; i++) {
				template.put("turns", i);
			}
			assertThat(template.get("turns", Integer.class)).contains(1);
			assertThat(template.getWait("turns", Duration.ofSeconds(5), Integer.class)).contains(2);
			assertThat(template.get("turns", Integer.class)).contains(3);
			assertThat(template.getWait("turns", Duration.ofSeconds(5), Integer.class)).contains(4);
			assertThat(template.get("turns", Integer.class)).isEmpty();
		});
	}

	@Test
	void waitsOfSeveralThreadsOnOneTopicTakeDifferentMessages() {
		this.runner.run((context) -> {
			DsmqTemplate template = context.getBean(DsmqTemplate.class);
			template.getWait("shared", Duration.ZERO, Integer.class);
			List<CompletableFuture<Optional<Integer>>> waits = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				waits.add(CompletableFuture
					.supplyAsync(() -> template.getWait("shared", Duration.ofSeconds(30), Integer.class)));
			}
			template.putAll("shared", List.of(1, 2, 3));
			List<Integer> taken = new ArrayList<>();
			for (CompletableFuture<Optional<Integer>> wait : waits) {
				taken.add(wait.get(30, TimeUnit.SECONDS).orElseThrow());
			}
			assertThat(taken).containsExactlyInAnyOrder(1, 2, 3);
		});
	}

	@Test
	void putAllStoresEveryObjectInOrderAndReturnsTheirSequenceNumbers() {
		this.runner.run((context) -> {
			DsmqTemplate template = context.getBean(DsmqTemplate.class);
			template.getClient().connect();
			List<Integer> numbers = new ArrayList<>();
			for (int i = 0; i < 500; i++) {
				numbers.add(i);
			}
			List<Long> sequences = template.putAll("many", numbers);
			assertThat(sequences).hasSize(500).isSorted().doesNotHaveDuplicates();
			List<Integer> read = new ArrayList<>();
			Optional<Integer> next;
			while ((next = template.get("many", Integer.class)).isPresent()) {
				read.add(next.get());
			}
			assertThat(read).isEqualTo(numbers);
		});
	}

	@Test
	void putAllThatTheServerPartlyRefusesFailsOnceEveryPutIsAnswered() {
		this.runner.run((context) -> {
			DsmqTemplate template = context.getBean(DsmqTemplate.class);
			// the server takes topics of at most dsmq.max-topic-length, 1 KB by default
			String tooLong = "x".repeat(2000);
			assertThatExceptionOfType(DsmqException.class)
				.isThrownBy(() -> template.putAll(tooLong, List.of(1, 2)))
				.satisfies((ex) -> assertThat(ex.getSuppressed()).hasSize(1));
			assertThat(template.putAll("fine", List.of(1, 2))).hasSize(2);
		});
	}

	@Test
	void putAsyncCompletesWithTheSequenceNumberOnceStored() {
		this.runner.run((context) -> {
			DsmqTemplate template = context.getBean(DsmqTemplate.class);
			template.getClient().connect();
			long sequence = template.putAsync("async", new Order("o-3", List.of("tea"), 1)).get(10, TimeUnit.SECONDS);
			assertThat(sequence).isPositive();
			assertThat(template.getClient().receive("async", ReadOptions.oldest().after(sequence - 1)))
				.map(ReceivedMessage::seq)
				.contains(sequence);
		});
	}

	@Test
	void messagesAreReadAsGenericTypes() {
		this.runner.run((context) -> {
			DsmqTemplate template = context.getBean(DsmqTemplate.class);
			template.getClient().connect();
			List<Order> orders = List.of(new Order("o-4", List.of("tea"), 1), new Order("o-5", List.of(), 2));
			template.put("batches", orders);
			template.put("batches", orders);
			ParameterizedTypeReference<List<Order>> listOfOrders = new ParameterizedTypeReference<>() {
			};
			assertThat(template.get("batches", listOfOrders)).contains(orders);
			assertThat(template.getWait("batches", Duration.ofSeconds(5), listOfOrders)).contains(orders);
		});
	}

	@Test
	void methodsWithoutATopicUseTheDefaultTopic() {
		this.runner.withPropertyValues("dsmq.client.template.default-topic=orders").run((context) -> {
			DsmqOperations dsmq = context.getBean(DsmqOperations.class);
			dsmq.getClient().connect();
			dsmq.put(new Order("o-6", List.of(), 1));
			dsmq.putAsync(new Order("o-7", List.of(), 1)).get(10, TimeUnit.SECONDS);
			assertThat(dsmq.get("orders", Order.class)).map(Order::id).contains("o-6");
			assertThat(dsmq.get(Order.class)).map(Order::id).contains("o-7");
		});
	}

	@Test
	void methodsWithoutATopicFailWithoutADefaultTopic() {
		this.runner.run((context) -> assertThatIllegalStateException()
			.isThrownBy(() -> context.getBean(DsmqOperations.class).put("no topic named"))
			.withMessageContaining("dsmq.client.template.default-topic"));
	}

	private static long waitersOfTheServer() {
		return server.getWaitingReaderCount();
	}

	record Order(String id, List<String> items, int quantity) {
	}

}
