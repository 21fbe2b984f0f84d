package dev.dsmq.client.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.dsmq.client.DsmqClient;
import dev.dsmq.client.ReceivedMessage;
import dev.dsmq.test.EmbeddedDsmqServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * What an application does with its listeners: ids and placeholders, starting later, pausing, stopping and starting
 * again, error handlers and retries, connection events, the executor and the shutdown deadline.
 */
@ExtendWith(OutputCaptureExtension.class)
class ListenerManagementTests {

	@RegisterExtension
	static final EmbeddedDsmqServer server = EmbeddedDsmqServer.onFreePort("dsmq.groups.max-retrievals=2");

	private final ApplicationContextRunner runner = TestRunners.against(server)
		.withPropertyValues("dsmq.client.listener.wait=1s");

	@Test
	void attributesTakePlaceholdersAndTheListenerIsFoundByItsId() {
		this.runner.withPropertyValues("app.topic=placed", "app.group=packers", "app.consumers=2", "app.id=packing")
			.withUserConfiguration(PlaceholderListener.class)
			.run((context) -> {
				DsmqListenerRegistry registry = context.getBean(DsmqListenerRegistry.class);
				assertThat(registry.getListenerIds()).containsExactly("packing");
				assertThat(registry.isRunning("packing")).isTrue();
				assertThat(context.getBean(DsmqListenerContainer.class).getTopics()).containsExactly("placed");
				put("placed", "parcel");
				await().atMost(Duration.ofSeconds(30))
					.until(() -> context.getBean(PlaceholderListener.class).received, (received) -> !received.isEmpty());
				assertThat(context.getBean(PlaceholderListener.class).received).containsExactly("parcel");
				assertThatIllegalArgumentException().isThrownBy(() -> registry.pause("nobody"))
					.withMessageContaining("packing");
			});
	}

	@Test
	void listenerThatDoesNotStartByItselfReadsOnceStarted() {
		this.runner.withUserConfiguration(LateListener.class).run((context) -> {
			DsmqListenerRegistry registry = context.getBean(DsmqListenerRegistry.class);
			assertThat(registry.isRunning("late")).isFalse();
			registry.start("late");
			assertThat(registry.isRunning("late")).isTrue();
			put("late-topic", "now");
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(context.getBean(LateListener.class).received).containsExactly("now"));
		});
	}

	@Test
	void pausedListenerReadsNothingUntilResumed() {
		this.runner.withUserConfiguration(BroadcastListener.class).run((context) -> {
			DsmqListenerRegistry registry = context.getBean(DsmqListenerRegistry.class);
			BroadcastListener listener = context.getBean(BroadcastListener.class);
			put("news", "first");
			await().atMost(Duration.ofSeconds(30)).until(() -> listener.received.size() == 1);
			registry.pause("news");
			assertThat(registry.isPaused("news")).isTrue();
			// the read in flight when it paused may still bring the next message, in order; nothing after it
			put("news", "second");
			put("news", "third");
			await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
				.until(() -> !listener.received.contains("third"));
			registry.resume("news");
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(listener.received).containsExactly("first", "second", "third"));
		});
	}

	@Test
	void broadcastListenerStoppedAndStartedReadsOnAfterTheLastMessageItProcessed() {
		this.runner.withUserConfiguration(BroadcastListener.class).run((context) -> {
			DsmqListenerRegistry registry = context.getBean(DsmqListenerRegistry.class);
			BroadcastListener listener = context.getBean(BroadcastListener.class);
			put("news", "before");
			await().atMost(Duration.ofSeconds(30)).until(() -> listener.received.size() == 1);
			registry.stop("news");
			assertThat(registry.isRunning("news")).isFalse();
			put("news", "while stopped");
			registry.start("news");
			put("news", "after");
			await().atMost(Duration.ofSeconds(30)).untilAsserted(
					() -> assertThat(listener.received).containsExactly("before", "while stopped", "after"));
		});
	}

	@Test
	void errorHandlerThatReturnsDealsWithTheMessageForTheGroup() {
		this.runner.withUserConfiguration(HandledWorker.class).run((context) -> {
			HandledWorker worker = context.getBean(HandledWorker.class);
			put("handled", "bad job");
			await().atMost(Duration.ofSeconds(30)).until(() -> worker.handled.size() == 1);
			assertThat(worker.handled.get(0)).isEqualTo("bad job: refused");
			// dealt with: the group deletes it, and does not claim it again
			await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> worker.calls.get() == 1);
		});
	}

	@Test
	void errorHandlerThatThrowsGivesTheMessageBackUntilTheServerDeadLettersIt() {
		this.runner.withUserConfiguration(UnhandledWorker.class).run((context) -> {
			UnhandledWorker worker = context.getBean(UnhandledWorker.class);
			put("unhandled", "poison");
			await().atMost(Duration.ofSeconds(30)).until(() -> worker.deadLetters.size() == 1);
			ReceivedMessage dead = worker.deadLetters.get(0);
			assertThat(dead.text()).isEqualTo("poison");
			assertThat(dead.headers()).containsEntry("dead-letter-group", "workers");
			// claimed twice (dsmq.groups.max-retrievals=2), handed to the error handler each time
			assertThat(worker.handled.get()).isEqualTo(2);
		});
	}

	@Test
	void failedMethodIsRetriedInTheListenerBeforeItCountsAsFailed() {
		this.runner
			.withPropertyValues("dsmq.client.listener.retry.enabled=true", "dsmq.client.listener.retry.max-retries=2",
					"dsmq.client.listener.retry.delay=10ms")
			.withUserConfiguration(FlakyWorker.class)
			.run((context) -> {
				FlakyWorker worker = context.getBean(FlakyWorker.class);
				put("flaky", "job");
				await().atMost(Duration.ofSeconds(30)).until(() -> worker.succeeded.getCount() == 0);
				// two failures and a success within one claim: the message was never given back
				assertThat(worker.retrievalCounts).containsExactly(1, 1, 1);
				await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
					.until(() -> worker.retrievalCounts.size() == 3);
			});
	}

	@Test
	void listenerPublishesWhenItConnectsLosesTheServerAndReadsAgain() {
		this.runner.withUserConfiguration(BroadcastListener.class, ConnectionEvents.class).run((context) -> {
			ConnectionEvents events = context.getBean(ConnectionEvents.class);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> events.kinds(), (kinds) -> kinds.contains("Connected"));
			server.stop();
			try {
				await().atMost(Duration.ofSeconds(30)).until(() -> events.kinds(), (kinds) -> kinds.contains("Lost"));
			}
			finally {
				server.start();
			}
			await().atMost(Duration.ofSeconds(60))
				.until(() -> events.kinds(), (kinds) -> kinds.contains("Reconnected"));
			assertThat(events.kinds()).startsWith("Connected", "Lost");
			assertThat(events.received).allSatisfy((event) -> assertThat(event.getListenerId()).isEqualTo("news"));
		});
	}

	@Test
	void consumersRunOnVirtualThreadsWhenTheApplicationUsesThem() {
		assumeThat(Runtime.version().feature()).as("virtual threads").isGreaterThanOrEqualTo(21);
		this.runner.withPropertyValues("spring.threads.virtual.enabled=true")
			.withUserConfiguration(BroadcastListener.class)
			.run((context) -> {
				BroadcastListener listener = context.getBean(BroadcastListener.class);
				put("news", "virtually");
				await().atMost(Duration.ofSeconds(30)).until(() -> listener.threads.size() == 1);
				assertThat(isVirtual(listener.threads.get(0))).isTrue();
			});
	}

	@Test
	void stoppingWaitsForBusyListenersNoLongerThanTheShutdownTimeout(CapturedOutput output) {
		BusyWorker.release = new CountDownLatch(1);
		try {
			this.runner.withPropertyValues("dsmq.client.listener.shutdown-timeout=500ms")
				.withUserConfiguration(BusyWorker.class)
				.run((context) -> {
					put("busy", "long job");
					assertThat(BusyWorker.started.await(30, TimeUnit.SECONDS)).isTrue();
				});
			assertThat(output).contains("1 dsmq listener consumers were still at work after 500 ms");
		}
		finally {
			BusyWorker.release.countDown();
		}
	}

	private static boolean isVirtual(Thread thread) throws ReflectiveOperationException {
		// Thread.isVirtual() is of JDK 21, and this compiles for 17
		return (Boolean) Thread.class.getMethod("isVirtual").invoke(thread);
	}

	private static void put(String topic, String message) {
		try (DsmqClient writer = DsmqClient.builder().port(server.getPort()).build()) {
			writer.put(topic, message);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class PlaceholderListener {

		final List<String> received = new CopyOnWriteArrayList<>();

		@DsmqListener(topic = "${app.topic}", group = "${app.group}", concurrency = "${app.consumers}",
				id = "${app.id}", autoStartup = "${app.start:true}")
		void onMessage(String message) {
			this.received.add(message);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class LateListener {

		final List<String> received = new CopyOnWriteArrayList<>();

		@DsmqListener(topic = "late-topic", id = "late", autoStartup = "false")
		void onMessage(String message) {
			this.received.add(message);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BroadcastListener {

		final List<String> received = new CopyOnWriteArrayList<>();

		final List<Thread> threads = new CopyOnWriteArrayList<>();

		@DsmqListener(topic = "news")
		void onMessage(String message) {
			this.received.add(message);
			this.threads.add(Thread.currentThread());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class HandledWorker {

		final AtomicInteger calls = new AtomicInteger();

		final List<String> handled = new CopyOnWriteArrayList<>();

		@DsmqListener(topic = "handled", group = "workers", errorHandler = "recorder")
		void work(String job) {
			this.calls.incrementAndGet();
			throw new IllegalStateException("refused");
		}

		@Bean
		DsmqListenerErrorHandler recorder() {
			return (message, failure) -> this.handled.add(message.text() + ": " + failure.getMessage());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnhandledWorker {

		final AtomicInteger handled = new AtomicInteger();

		final List<ReceivedMessage> deadLetters = new CopyOnWriteArrayList<>();

		@DsmqListener(topic = "unhandled", group = "workers", errorHandler = "giveUp")
		void work(String job) {
			throw new IllegalStateException("cannot");
		}

		@DsmqListener(topic = "unhandled.dead-letter", group = "undertakers")
		void bury(ReceivedMessage message) {
			this.deadLetters.add(message);
		}

		@Bean
		DsmqListenerErrorHandler giveUp() {
			return (message, failure) -> {
				this.handled.incrementAndGet();
				throw failure;
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FlakyWorker {

		final List<Integer> retrievalCounts = new CopyOnWriteArrayList<>();

		final CountDownLatch succeeded = new CountDownLatch(1);

		@DsmqListener(topic = "flaky", group = "workers")
		void work(ReceivedMessage message) {
			this.retrievalCounts.add(message.retrievalCount());
			if (this.retrievalCounts.size() < 3) {
				throw new IllegalStateException("not yet");
			}
			this.succeeded.countDown();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BusyWorker {

		static final CountDownLatch started = new CountDownLatch(1);

		static volatile CountDownLatch release;

		@DsmqListener(topic = "busy", group = "workers")
		void work(String job) throws InterruptedException {
			started.countDown();
			release.await();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ConnectionEvents {

		final List<DsmqListenerConnectionEvent> received = new CopyOnWriteArrayList<>();

		@EventListener
		void on(DsmqListenerConnectionEvent event) {
			this.received.add(event);
		}

		List<String> kinds() {
			return this.received.stream().map((event) -> event.getClass().getSimpleName()).toList();
		}

	}

}
