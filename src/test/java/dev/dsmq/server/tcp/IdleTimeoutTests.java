package dev.dsmq.server.tcp;

import java.io.UncheckedIOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.dsmq.server.BareJsonClient;
import dev.dsmq.server.TestMeters;
import dev.dsmq.server.DsmqTestClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * {@code dsmq.idle-timeout}: a connection that sends no request for that long is told why and closed.
 */
@SpringBootTest(properties = { "dsmq.port=0", "dsmq.idle-timeout=300ms" })
class IdleTimeoutTests {

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private MeterRegistry meterRegistry;

	@Test
	void connectionSilentForTheIdleTimeoutGetsAnErrorFrameAndIsClosed() {
		double before = TestMeters.rejected(this.meterRegistry, "idle-timeout");
		try (DsmqTestClient client = DsmqTestClient.connect(this.connectionFactory.getPort())) {
			assertThat(client.get("idle")).isEmpty();
			assertThat(client.readReply()).containsExactly(entry("message", ""),
					entry("error", "no request for 300 ms (dsmq.idle-timeout)"));
			assertThat(client.isClosedByServer()).isTrue();
		}
		assertThat(TestMeters.rejected(this.meterRegistry, "idle-timeout") - before).isEqualTo(1);
	}

	@Test
	void bareJsonConnectionSendingOnlyWhitespaceIsClosedByTheIdleTimeout() {
		double idle = TestMeters.rejected(this.meterRegistry, "idle-timeout");
		double frame = TestMeters.rejected(this.meterRegistry, "frame-timeout");
		ScheduledExecutorService spaces = Executors.newSingleThreadScheduledExecutor();
		try (BareJsonClient client = BareJsonClient.connect(this.connectionFactory.getPort())) {
			assertThat(client.get("idle")).isEqualTo("");
			// whitespace may separate requests, but is none: a byte of it far more often than the idle timeout
			spaces.scheduleWithFixedDelay(() -> sendSpace(client), 0, 50, TimeUnit.MILLISECONDS);
			assertThat(client.readReply()).containsExactly(entry("message", ""),
					entry("error", "no request for 300 ms (dsmq.idle-timeout)"));
			assertThat(client.isClosedByServer()).isTrue();
		}
		finally {
			spaces.shutdownNow();
		}
		assertThat(TestMeters.rejected(this.meterRegistry, "idle-timeout") - idle).isEqualTo(1);
		assertThat(TestMeters.rejected(this.meterRegistry, "frame-timeout") - frame).isZero();
	}

	private static void sendSpace(BareJsonClient client) {
		try {
			client.sendRaw(" ");
		}
		catch (UncheckedIOException ex) {
			// closed by the server, as expected
		}
	}

}
