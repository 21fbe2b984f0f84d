package dev.dsmq.server.tcp;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.dsmq.server.DsmqApplication;
import dev.dsmq.server.DsmqTestClient;
import dev.dsmq.server.WireArbitraries;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Random and mutated frames on one connection never stop the server from serving another, and the server keeps no
 * connection open after the client that sent them has gone.
 * <p>
 * jqwik has no Spring extension, so the server is started once for the class as the application would be.
 * Shutdown is never allowed, so that a fuzzed {@code shutdown} cannot stop it, and waits are short, so that a fuzzed
 * long poll does not hold its connection past the property's check.
 */
class WireFuzzPropertyTests {

	private static ConfigurableApplicationContext server;

	private static TcpNetServerConnectionFactory connectionFactory;

	private static final AtomicInteger tries = new AtomicInteger();

	@BeforeContainer
	static void startServer() {
		server = new SpringApplicationBuilder(DsmqApplication.class)
			// arguments, not default properties: those lose to the application.yml in the working directory
			.run("--dsmq.port=0", "--dsmq.shutdown-policy=never", "--dsmq.max-wait=50ms",
					"--spring.main.web-application-type=none",
					// every fuzzed frame is rejected with a warning; the properties' own output says enough
					"--logging.level.dev.dsmq.server.tcp.RequestHandler=error");
		connectionFactory = server.getBean(TcpNetServerConnectionFactory.class);
	}

	@AfterContainer
	static void stopServer() {
		server.close();
	}

	@Property(tries = 200)
	void anotherConnectionIsServedAndNoConnectionIsLeftOpenAfterFuzzedFrames(@ForAll("fuzz") List<byte[]> writes) {
		// fuzzed puts may still be handled after the fuzzer has gone, so they must not share the bystander's topic
		String topic = "bystander-" + tries.incrementAndGet();
		int openBefore = openConnections();
		try (DsmqTestClient fuzzer = connect()) {
			writes.forEach(fuzzer::sendRaw);
		}
		catch (UncheckedIOException ex) {
			// the server may close the connection after an error frame while writes are still going out
		}
		try (DsmqTestClient other = connect()) {
			other.put(topic, "after the fuzz");
			assertThat(other.get(topic)).isEqualTo("after the fuzz");
		}
		await().pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(5))
			.atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(openConnections()).isEqualTo(openBefore));
	}

	@Provide
	Arbitrary<List<byte[]>> fuzz() {
		Arbitrary<byte[]> write = Arbitraries.oneOf(WireArbitraries.mutatedFrameSequences(),
				WireArbitraries.frameSequences().map(WireArbitraries.FrameSequence::bytes),
				WireArbitraries.randomBytes(200));
		return write.list().ofMinSize(1).ofMaxSize(4);
	}

	private static DsmqTestClient connect() {
		return DsmqTestClient.connect(connectionFactory.getPort());
	}

	private static int openConnections() {
		return connectionFactory.getOpenConnectionIds().size();
	}

}
