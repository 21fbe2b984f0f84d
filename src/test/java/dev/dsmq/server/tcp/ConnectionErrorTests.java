package dev.dsmq.server.tcp;

import java.util.List;
import java.util.Map;

import dev.dsmq.server.DsmqTestClient;
import dev.dsmq.server.queue.QueueService;
import dev.dsmq.server.queue.QueueService.NewMessage;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doThrow;

/**
 * An {@link Error} on a connection's thread, such as running out of memory, closes that connection and gives back
 * its slot, and every other connection goes on being served.
 */
@SpringBootTest(properties = "dsmq.port=0")
class ConnectionErrorTests {

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private MeterRegistry meterRegistry;

	@MockitoSpyBean
	private QueueService queue;

	@Test
	void anErrorOnAConnectionsThreadClosesItAndGivesBackItsSlot() {
		doThrow(new OutOfMemoryError("thrown by the test")).when(this.queue)
			.putAll(argThat((List<NewMessage> puts) -> puts.stream().anyMatch((put) -> put.topic().equals("boom"))));
		try (DsmqTestClient bystander = connect()) {
			// answered, so the server has taken the connection in before it is counted
			assertThat(bystander.get("before")).isEmpty();
			double open = gauge("dsmq.connections.open");
			double failed = this.meterRegistry.get("dsmq.connections.failed").functionCounter().count();
			try (DsmqTestClient client = connect()) {
				client.send(Map.of("action", "put", "topic", "boom", "message", "m", "id", 1));
				assertThat(client.isClosedByServer()).isTrue();
			}
			await().until(() -> gauge("dsmq.connections.open") == open);
			assertThat(this.meterRegistry.get("dsmq.connections.failed").functionCounter().count())
				.isEqualTo(failed + 1);
			assertThat(gauge("dsmq.bytes.in-flight")).isZero();
			bystander.put("after", "served");
			assertThat(bystander.get("after")).isEqualTo("served");
		}
	}

	private DsmqTestClient connect() {
		return DsmqTestClient.connect(this.connectionFactory.getPort());
	}

	private double gauge(String name) {
		return this.meterRegistry.get(name).gauges().stream().mapToDouble(Gauge::value).sum();
	}

}
