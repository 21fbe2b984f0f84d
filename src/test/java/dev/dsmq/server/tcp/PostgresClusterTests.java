package dev.dsmq.server.tcp;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.dsmq.server.DsmqApplication;
import dev.dsmq.server.DsmqTestClient;
import dev.dsmq.server.PostgresTestDatabase;
import dev.dsmq.server.queue.MessageQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three server nodes in this JVM on one PostgreSQL database, each on a port of its own, as nodes behind a load
 * balancer are: what one node takes, every other node serves. A fourth node, stopped or killed mid-puts, loses none of
 * the puts it acknowledged.
 */
class PostgresClusterTests {

	private static final int GROUP_MESSAGES = 3_000;

	private static final int CONSUMERS_PER_NODE = 2;

	private static final Pattern LISTENING = Pattern.compile("dsmq listening on [^ ]+:(\\d+)");

	private static String url;

	private static final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	private final List<DsmqTestClient> clients = new ArrayList<>();

	@BeforeAll
	static void startNodes() {
		url = PostgresTestDatabase.create();
		for (int i = 0; i < 3; i++) {
			nodes.add(startNode());
		}
	}

	@AfterAll
	static void stopNodes() {
		nodes.forEach(ConfigurableApplicationContext::close);
	}

	private static ConfigurableApplicationContext startNode() {
		// as arguments, which come before every file of properties, so that no node takes the default port
		return new SpringApplicationBuilder(DsmqApplication.class).web(WebApplicationType.NONE)
			.run("--dsmq.port=0", "--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
					"--spring.datasource.password=");
	}

	@Test
	void aPutOnOneNodeIsReadOnEveryOther() {
		DsmqTestClient onB = connect(1);
		DsmqTestClient onC = connect(2);
		putAcknowledged(connect(0), "across", "from A");
		// acknowledged means committed: the other nodes read it at once
		assertThat(onB.get("across")).isEqualTo("from A");
		assertThat(onC.get("across")).isEqualTo("from A");
		assertThat(onB.get("across")).isEmpty();
	}

	@Test
	void aConnectionStartsAtTheNewestMessageOfEveryNode() {
		DsmqTestClient writer = connect(0);
		putAcknowledged(writer, "start", "before");
		DsmqTestClient onB = connect(1);
		putAcknowledged(writer, "start", "after");
		assertThat(onB.get("start")).isEqualTo("after");
		assertThat(onB.get("start")).isEmpty();
	}

	@Test
	void aWaitOnOneNodeIsWokenByAPutOnAnother() {
		DsmqTestClient onB = connect(1);
		assertThat(onB.get("woken")).isEmpty();
		CompletableFuture<Map<String, Object>> waiting = CompletableFuture.supplyAsync(() -> {
			onB.send(Map.of("action", "get", "topic", "woken", "wait", 60));
			return onB.readReply();
		});
		await().until(() -> waitingReaders(1) == 1);
		connect(2).put("woken", "from C");
		assertThat(waiting.join()).containsEntry("message", "from C");
	}

	@Test
	void aGroupSharedByConsumersOnEveryNodeGetsEveryMessageExactlyOnce() {
		Map<String, Integer> processed = new ConcurrentHashMap<>();
		AtomicBoolean done = new AtomicBoolean();
		List<CompletableFuture<Void>> consumers = new ArrayList<>();
		for (int node = 0; node < nodes.size(); node++) {
			for (int i = 0; i < CONSUMERS_PER_NODE; i++) {
				DsmqTestClient consumer = connect(node);
				consumers.add(CompletableFuture.runAsync(() -> consume(consumer, processed, done)));
			}
		}
		ByteArrayOutputStream puts = new ByteArrayOutputStream();
		for (int i = 0; i < GROUP_MESSAGES; i++) {
			puts.writeBytes(DsmqTestClient.frame(Map.of("action", "put", "topic", "shared", "message", "m" + i)));
		}
		connect(0).sendRaw(puts.toByteArray());
		try {
			await().atMost(Duration.ofMinutes(2)).until(() -> processed.size() == GROUP_MESSAGES);
		}
		finally {
			done.set(true);
			consumers.forEach(CompletableFuture::join);
		}
		assertThat(processed).hasSize(GROUP_MESSAGES).allSatisfy((message, times) -> assertThat(times).isOne());
	}

	@Test
	void everyPutANodeAcknowledgedBeforeItStoppedIsReadOnTheOthers() {
		ConfigurableApplicationContext doomed = startNode();
		assertAcknowledgedPutsAreReadOnB("stopped", port(doomed), doomed::close);
	}

	@Test
	void everyPutANodeAcknowledgedBeforeItWasKilledIsReadOnTheOthers() throws IOException {
		Process doomed = startNodeProcess();
		try {
			assertAcknowledgedPutsAreReadOnB("killed", listeningPort(doomed), doomed::destroyForcibly);
		}
		finally {
			doomed.destroyForcibly();
		}
	}

	/**
	 * Put to a node with acknowledgements until it has acknowledged some, stop it while puts go on, and read on
	 * node B every message the stopped node acknowledged.
	 */
	private void assertAcknowledgedPutsAreReadOnB(String topic, int doomedPort, Runnable stop) {
		DsmqTestClient onB = connect(1);
		DsmqTestClient writer = DsmqTestClient.connect(doomedPort);
		Set<String> acknowledged = ConcurrentHashMap.newKeySet();
		CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
			try {
				for (int i = 0;; i++) {
					writer.send(Map.of("action", "put", "topic", topic, "message", "m" + i, "id", i));
					if (Boolean.TRUE.equals(writer.readReply().get("ok"))) {
						acknowledged.add("m" + i);
					}
				}
			}
			catch (RuntimeException ex) {
				// the node went away mid-put: what it acknowledged until then is what counts
			}
		});
		await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 200);
		stop.run();
		writing.join();
		writer.close();
		Set<String> read = ConcurrentHashMap.newKeySet();
		String message;
		while (!(message = onB.get(topic)).isEmpty()) {
			read.add(message);
		}
		assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(200);
		assertThat(read).containsAll(acknowledged);
	}

	/**
	 * Start a node in a JVM of its own, on this JVM's class path, so that it can be killed as a process is.
	 */
	private static Process startNodeProcess() throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		return new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
				DsmqApplication.class.getName(), "--dsmq.port=0", "--spring.main.web-application-type=none",
				"--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
				"--spring.datasource.password=")
			.redirectErrorStream(true)
			.start();
	}

	/**
	 * Read a node's log until it says where it listens, and keep reading it (and dropping it) so that it never
	 * blocks on a full pipe.
	 */
	private static int listeningPort(Process node) {
		CompletableFuture<Integer> port = new CompletableFuture<>();
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = lines.readLine()) != null) {
					Matcher listening = LISTENING.matcher(line);
					if (listening.find()) {
						port.complete(Integer.parseInt(listening.group(1)));
					}
				}
			}
			catch (IOException ex) {
				// the node is gone
			}
			port.completeExceptionally(new IllegalStateException("the node ended before it listened"));
		}, "killed-node-log");
		reader.setDaemon(true);
		reader.start();
		return port.orTimeout(60, TimeUnit.SECONDS).join();
	}

	private static void putAcknowledged(DsmqTestClient client, String topic, String message) {
		client.send(Map.of("action", "put", "topic", topic, "message", message, "id", message));
		assertThat(client.readReply()).containsEntry("ok", true);
	}

	private void consume(DsmqTestClient consumer, Map<String, Integer> processed, AtomicBoolean done) {
		while (!done.get()) {
			Map<String, Object> reply = WorkQueueProtocolTests.get(consumer, "shared", "workers", "wait", 0.2);
			if (reply.containsKey("seq")) {
				processed.merge((String) reply.get("message"), 1, Integer::sum);
				consumer.send(Map.of("action", "delete", "topic", "shared", "group", "workers", "seq", reply.get("seq")));
			}
		}
	}

	/**
	 * Connect to a node and wait for one answer from it. A TCP connect returns once the kernel has the connection,
	 * before the node has accepted it and fixed where its positions start; a put committed on another node in
	 * between would be before the start, as the protocol says. Answered, the connection starts before whatever the
	 * test puts next.
	 */
	private DsmqTestClient connect(int node) {
		DsmqTestClient client = DsmqTestClient.connect(port(nodes.get(node)));
		this.clients.add(client);
		assertThat(client.get("accepted")).isEmpty();
		return client;
	}

	private static int port(ConfigurableApplicationContext node) {
		return node.getBean(TcpNetServerConnectionFactory.class).getPort();
	}

	private static int waitingReaders(int node) {
		return nodes.get(node).getBean(MessageQueue.class).waitingReaders();
	}

	@AfterEach
	void closeClients() {
		this.clients.forEach((client) -> {
			try {
				client.close();
			}
			catch (UncheckedIOException ex) {
				// closed by its node already
			}
		});
	}

}
