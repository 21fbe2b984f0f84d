package dev.dsmq.server.tcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.dsmq.server.DsmqApplication;
import dev.dsmq.server.DsmqTestClient;
import dev.dsmq.server.TestMeters;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContextException;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * Starting and stopping the server: the {@code shutdown} action and its policy, a port that is taken, and the drain
 * of many connections, on virtual threads where the JDK has them.
 */
class ServerLifecycleTests {

	private static final Map<String, String> SHUTDOWN = Map.of("action", "shutdown", "topic", "");

	private static ConfigurableApplicationContext start(String... args) {
		return new SpringApplicationBuilder(DsmqApplication.class).web(WebApplicationType.NONE).run(args);
	}

	private static int port(ConfigurableApplicationContext context) {
		return context.getBean(TcpNetServerConnectionFactory.class).getPort();
	}

	@Test
	void shutdownFromLoopbackStopsTheServer() {
		ConfigurableApplicationContext context = start("--dsmq.port=0");
		int port = port(context);
		try (DsmqTestClient client = DsmqTestClient.connect(port)) {
			client.send(SHUTDOWN);
			await().atMost(Duration.ofSeconds(30)).until(() -> !context.isActive());
			assertThat(client.isClosedByServer()).isTrue();
		}
		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> DsmqTestClient.connect(port));
	}

	@Test
	void stoppingServerRefusesNewConnectionsAtOnceWhileItStillServesTheOpenOnes() throws IOException {
		ConfigurableApplicationContext context = start("--dsmq.port=0", "--dsmq.shutdown-timeout=30s");
		int port = port(context);
		MeterRegistry meters = context.getBean(MeterRegistry.class);
		try (Socket stalled = new Socket()) {
			// a reader that asks for a large message and reads none of it holds its connection's write, and the drain
			stalled.setReceiveBufferSize(4096);
			stalled.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			try (DsmqTestClient writer = DsmqTestClient.connect(port)) {
				writer.put("large", "x".repeat(4_000_000));
				assertThat(writer.get("large")).hasSize(4_000_000);
			}
			stalled.getOutputStream().write(DsmqTestClient.frame(Map.of("action", "get", "topic", "large")));
			await().until(() -> meters.get("dsmq.bytes.in-flight").gauge().value() >= 4_000_000);
			CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
			await().until(() -> refusesConnections(port));
			assertThat(closing).isNotDone();
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> !context.isActive());
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void stoppingTheServerDrainsHundredsOfOpenConnectionsInTime(CapturedOutput output) {
		ConfigurableApplicationContext context = start("--dsmq.port=0");
		List<DsmqTestClient> crowd = ConnectionThreadsTests.openAnsweredCrowd(port(context), 300);
		try {
			context.close();
			assertThat(crowd).allMatch(DsmqTestClient::isClosedByServer);
			assertThat(output).doesNotContain("still busy after").doesNotContain("still running");
		}
		finally {
			crowd.forEach(DsmqTestClient::close);
		}
	}

	private static boolean refusesConnections(int port) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	@Test
	void shutdownWithIdIsAcknowledgedBeforeTheServerStops() {
		ConfigurableApplicationContext context = start("--dsmq.port=0");
		try (DsmqTestClient client = DsmqTestClient.connect(port(context))) {
			client.send(Map.of("action", "shutdown", "topic", "", "id", "bye"));
			assertThat(client.readReply()).containsExactly(entry("id", "bye"), entry("ok", true));
			await().atMost(Duration.ofSeconds(30)).until(() -> !context.isActive());
			assertThat(client.isClosedByServer()).isTrue();
		}
	}

	@Test
	void stoppingTheServerAnswersAWaitingReadWithNothingThenCloses() {
		ConfigurableApplicationContext context = start("--dsmq.port=0");
		try (DsmqTestClient client = DsmqTestClient.connect(port(context))) {
			client.send(Map.of("action", "get", "topic", "t", "wait", 60));
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			await().until(() -> meters.get("dsmq.reads.waiting").gauge().value() == 1);
			CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
			// the connection factory would wait 10 s for a connection thread still held by the read
			await().atMost(Duration.ofSeconds(5)).until(closing::isDone);
			assertThat(client.readReply()).containsExactly(entry("message", ""));
			assertThat(client.isClosedByServer()).isTrue();
		}
	}

	@Test
	void stoppingTheServerAnswersPipelinedRequestsItHasReadThenClosesIdleConnections() {
		ConfigurableApplicationContext context = start("--dsmq.port=0");
		try (DsmqTestClient busy = DsmqTestClient.connect(port(context));
				DsmqTestClient idle = DsmqTestClient.connect(port(context))) {
			assertThat(idle.get("t")).isEmpty();
			ByteArrayOutputStream requests = new ByteArrayOutputStream();
			requests.writeBytes(DsmqTestClient.frame(Map.of("action", "get", "topic", "t", "wait", 60, "id", 1)));
			for (int i = 2; i <= 50; i++) {
				requests.writeBytes(DsmqTestClient.frame(Map.of("action", "put", "topic", "t", "message", "m", "id", i)));
			}
			busy.sendRaw(requests.toByteArray());
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			await().until(() -> meters.get("dsmq.reads.waiting").gauge().value() == 1);
			context.close();
			assertThat(busy.readReply()).containsExactly(entry("id", 1));
			for (int i = 2; i <= 50; i++) {
				assertThat(busy.readReply()).containsOnlyKeys("id", "ok", "seq")
					.containsEntry("id", i)
					.containsEntry("ok", true);
			}
			assertThat(busy.isClosedByServer()).isTrue();
			assertThat(idle.isClosedByServer()).isTrue();
		}
	}

	@Test
	void refusedShutdownWithIdGetsAnErrorCarryingTheId() {
		try (ConfigurableApplicationContext context = start("--dsmq.port=0", "--dsmq.shutdown-policy=never");
				DsmqTestClient client = DsmqTestClient.connect(port(context))) {
			client.send(Map.of("action", "shutdown", "topic", "", "id", 3));
			assertThat(client.readReply()).containsExactly(entry("id", 3),
					entry("error", "shutdown is not allowed from this address (dsmq.shutdown-policy=never)"));
			assertThat(context.isActive()).isTrue();
		}
	}

	@Test
	void shutdownIsRefusedWhenPolicyIsNever() {
		try (ConfigurableApplicationContext context = start("--dsmq.port=0", "--dsmq.shutdown-policy=never");
				DsmqTestClient client = DsmqTestClient.connect(port(context))) {
			client.send(SHUTDOWN);
			assertThat(client.readReplyAfterGet("still-open")).containsExactly(entry("message", ""));
			assertThat(context.isActive()).isTrue();
			assertThat(TestMeters.rejected(context.getBean(MeterRegistry.class), "shutdown-refused")).isEqualTo(1);
		}
	}

	@Test
	void startupFailsWithThePortInTheMessageWhenThePortIsTaken() throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			int port = taken.getLocalPort();
			assertThatExceptionOfType(ApplicationContextException.class).isThrownBy(() -> start("--dsmq.port=" + port))
				.havingCause()
				.withMessageContaining("could not listen on 127.0.0.1:" + port);
		}
	}

}
