package dev.dsmq.server.tcp;

import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.dsmq.server.DsmqApplication;
import dev.dsmq.server.DsmqTestClient;
import dev.dsmq.server.TestTls;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * Stopping a TLS server is as graceful as stopping a plain one, although a TLS socket cannot shut its input down
 * alone: what was read is answered, then every connection is closed, without waiting out the shutdown timeout.
 */
class TlsLifecycleTests {

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(DsmqApplication.class).web(WebApplicationType.NONE)
			.run(TestTls.arguments("--dsmq.port=0"));
	}

	@Test
	void clientAuthWithoutABundleFailsStartup() {
		assertThatExceptionOfType(BeanCreationException.class)
			.isThrownBy(() -> new SpringApplicationBuilder(DsmqApplication.class).web(WebApplicationType.NONE)
				.run("--dsmq.port=0", "--dsmq.tls.client-auth=need"))
			.havingRootCause()
			.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
					(ex) -> assertThat(ex.getMessage()).contains("dsmq.tls.client-auth", "set dsmq.tls.bundle"));
	}

	private static byte[] concat(byte[]... frames) {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		for (byte[] frame : frames) {
			all.writeBytes(frame);
		}
		return all.toByteArray();
	}

	private static int port(ConfigurableApplicationContext context) {
		return context.getBean(TcpNetServerConnectionFactory.class).getPort();
	}

	@Test
	void stoppingAnswersEveryRequestReadOverTlsThenCloses() {
		ConfigurableApplicationContext context = start();
		try (DsmqTestClient client = TestTls.client(port(context))) {
			// one write: a read that waits, then a put and a get held up behind it
			byte[] waiting = DsmqTestClient.frame(Map.of("action", "get", "topic", "w", "wait", 60));
			byte[] put = DsmqTestClient.frame(Map.of("action", "put", "topic", "x", "message", "m", "id", 1));
			byte[] get = DsmqTestClient.frame(Map.of("action", "get", "topic", "x"));
			client.sendRaw(concat(waiting, put, get));
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			await().until(() -> meters.get("dsmq.reads.waiting").gauge().value() == 1);
			CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
			await().atMost(Duration.ofSeconds(5)).until(closing::isDone);
			assertThat(client.readReply()).containsExactly(entry("message", ""));
			assertThat(client.readReply()).containsOnlyKeys("id", "ok", "seq")
				.containsEntry("id", 1)
				.containsEntry("ok", true);
			assertThat(client.readReply()).containsExactly(entry("message", "m"));
			assertThat(client.isClosedByServer()).isTrue();
		}
	}

	@Test
	void stoppingClosesIdleTlsConnectionsAtOnce() {
		ConfigurableApplicationContext context = start();
		try (DsmqTestClient idle = TestTls.client(port(context)); DsmqTestClient busy = TestTls.client(port(context))) {
			assertThat(idle.get("t")).isEmpty();
			busy.put("t", "before the stop");
			assertThat(busy.get("t")).isEqualTo("before the stop");
			CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
			// well within the 10 s dsmq.shutdown-timeout that a connection left open would cost
			await().atMost(Duration.ofSeconds(5)).until(closing::isDone);
			assertThat(idle.isClosedByServer()).isTrue();
			assertThat(busy.isClosedByServer()).isTrue();
		}
	}

	@Test
	void stoppingClosesATlsConnectionStillInItsHandshake() throws Exception {
		ConfigurableApplicationContext context = start();
		try (Socket silent = new Socket("127.0.0.1", port(context))) {
			await().until(() -> context.getBean(TcpNetServerConnectionFactory.class).getOpenConnectionIds().size() == 1);
			CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
			await().atMost(Duration.ofSeconds(5)).until(closing::isDone);
			silent.setSoTimeout(10_000);
			assertThat(silent.getInputStream().readAllBytes()).asString().doesNotContain("msg_length");
		}
	}

}
