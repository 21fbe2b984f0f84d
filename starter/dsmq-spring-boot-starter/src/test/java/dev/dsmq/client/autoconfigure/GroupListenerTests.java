package dev.dsmq.client.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.dsmq.client.DsmqClient;
import dev.dsmq.client.PutOptions;
import dev.dsmq.client.ReceivedMessage;
import dev.dsmq.test.EmbeddedDsmqServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link DsmqListener} methods of a group: competing consumers that delete what they processed and get back what
 * they failed on.
 */
class GroupListenerTests {

	@RegisterExtension
	static final EmbeddedDsmqServer server = EmbeddedDsmqServer.onFreePort("dsmq.groups.max-retrievals=3");

	private final ApplicationContextRunner runner = TestRunners.against(server)
		.withPropertyValues("dsmq.client.listener.wait=5s");

	@Test
	void twoApplicationsOfOneGroupSplitTheWorkWithNoDuplicates() {
		SplitWorker.bothBusy = new CountDownLatch(2);
		this.runner.withUserConfiguration(SplitWorker.class).run((first) -> this.runner
			.withUserConfiguration(SplitWorker.class)
			.run((second) -> {
				try (DsmqClient writer = writer()) {
					for (int i = 0; i < 50; i++) {
						writer.put("orders", "order " + i);
					}
				}
				SplitWorker one = first.getBean(SplitWorker.class);
				SplitWorker two = second.getBean(SplitWorker.class);
				await().atMost(Duration.ofSeconds(30)).until(() -> one.done.size() + two.done.size() >= 50);
				List<String> all = new ArrayList<>(one.done);
				all.addAll(two.done);
				assertThat(all).hasSize(50);
				assertThat(new HashSet<>(all)).hasSize(50);
				// each held its first order until the other had one too, so both took part
				assertThat(one.done).isNotEmpty();
				assertThat(two.done).isNotEmpty();
			}));
	}

	@Test
	void concurrentConsumersInOneApplicationShareTheWork() {
		this.runner.withUserConfiguration(ConcurrentWorker.class).run((context) -> {
			try (DsmqClient writer = writer()) {
				for (int i = 0; i < 40; i++) {
					writer.put("jobs", "job " + i);
				}
			}
			ConcurrentWorker worker = context.getBean(ConcurrentWorker.class);
			await().atMost(Duration.ofSeconds(30)).until(() -> worker.done.size() >= 40);
			assertThat(new HashSet<>(worker.done)).hasSize(40);
			assertThat(worker.threads).hasSizeGreaterThan(1);
		});
	}

	@Test
	void listenerThatThrowsGetsTheMessageAgainUntilItIsDeadLettered() {
		this.runner.withUserConfiguration(PoisonWorker.class).run((context) -> {
			try (DsmqClient writer = writer()) {
				writer.put("payments", "poison");
			}
			PoisonWorker worker = context.getBean(PoisonWorker.class);
			await().atMost(Duration.ofSeconds(30)).until(() -> !worker.deadLetters.isEmpty());
			assertThat(worker.attempts).hasValue(3);
			ReceivedMessage dead = worker.deadLetters.get(0);
			assertThat(dead.text()).isEqualTo("poison");
			assertThat(dead.headers()).containsEntry("dead-letter-group", "ledger").containsEntry("dead-letter-topic", "payments");
		});
	}

	@Test
	void listenerTakingAReceivedMessageSeesItsHeadersAndRetrievalCount() {
		this.runner.withUserConfiguration(MetadataWorker.class).run((context) -> {
			long seq;
			try (DsmqClient writer = writer()) {
				seq = writer.put("audits", JsonNodeFactory.instance.stringNode("checked"),
						PutOptions.none().withHeader("traceparent", "00-1-2-01"));
			}
			MetadataWorker worker = context.getBean(MetadataWorker.class);
			await().atMost(Duration.ofSeconds(30)).until(() -> !worker.received.isEmpty());
			ReceivedMessage message = worker.received.get(0);
			assertThat(message.seq()).isEqualTo(seq);
			assertThat(message.headers()).isEqualTo(Map.of("traceparent", "00-1-2-01"));
			assertThat(message.retrievalCount()).isEqualTo(1);
		});
	}

	private static DsmqClient writer() {
		return DsmqClient.builder().port(server.getPort()).build();
	}

	@Configuration(proxyBeanMethods = false)
	static class SplitWorker {

		static volatile CountDownLatch bothBusy;

		final List<String> done = new CopyOnWriteArrayList<>();

		@DsmqListener(topic = "orders", group = "billing")
		void bill(String order) throws InterruptedException {
			if (this.done.isEmpty()) {
				// hold the first order until the other application holds one: it can only get it from the group
				bothBusy.countDown();
				bothBusy.await(30, TimeUnit.SECONDS);
			}
			this.done.add(order);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ConcurrentWorker {

		final List<String> done = new CopyOnWriteArrayList<>();

		final java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();

		final CountDownLatch twoBusy = new CountDownLatch(2);

		@DsmqListener(topic = "jobs", group = "workers", concurrency = "3")
		void work(String job) throws InterruptedException {
			if (this.threads.add(Thread.currentThread().getName())) {
				this.twoBusy.countDown();
				this.twoBusy.await(30, TimeUnit.SECONDS);
			}
			this.done.add(job);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PoisonWorker {

		final AtomicInteger attempts = new AtomicInteger();

		final List<ReceivedMessage> deadLetters = new CopyOnWriteArrayList<>();

		@DsmqListener(topic = "payments", group = "ledger")
		void pay(String payment) {
			this.attempts.incrementAndGet();
			throw new IllegalStateException("cannot pay " + payment);
		}

		@DsmqListener(topic = "payments.dead-letter", group = "operators")
		void inspect(ReceivedMessage message) {
			this.deadLetters.add(message);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MetadataWorker {

		final List<ReceivedMessage> received = new CopyOnWriteArrayList<>();

		@DsmqListener(topic = "audits", group = "auditors")
		void audit(ReceivedMessage message) {
			this.received.add(message);
		}

	}

}
