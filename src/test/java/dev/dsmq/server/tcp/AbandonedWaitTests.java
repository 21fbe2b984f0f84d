package dev.dsmq.server.tcp;

import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.dsmq.server.DsmqTestClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * A read that waits ({@code wait}) notices within a second that its peer has gone, and gives back its thread and its
 * connection slot, while a waiting peer that is still there, and sends more meanwhile, loses nothing.
 */
@SpringBootTest(properties = { "dsmq.port=0", "dsmq.max-connections=200" })
class AbandonedWaitTests {

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private MeterRegistry meterRegistry;

	@Test
	void peersThatSendALongWaitAndLeaveFreeTheirSlotsWithinSeconds() throws Exception {
		double open = gauge("dsmq.connections.open");
		List<Socket> leavers = new ArrayList<>();
		for (int i = 0; i < 150; i++) {
			Socket socket = new Socket("127.0.0.1", this.connectionFactory.getPort());
			OutputStream out = socket.getOutputStream();
			out.write(DsmqTestClient.frame(Map.of("action", "get", "topic", "abandoned-" + i, "wait", 60)));
			out.flush();
			leavers.add(socket);
		}
		await().until(() -> gauge("dsmq.reads.waiting") == 150);
		for (Socket socket : leavers) {
			socket.close();
		}
		// a second between looks, and a little for the closes to be seen
		await().atMost(Duration.ofSeconds(5)).until(() -> gauge("dsmq.connections.open") == open);
		assertThat(gauge("dsmq.reads.waiting")).isZero();
	}

	@Test
	void aWaitingPeerThatSendsMoreMeanwhileLosesNothing() throws Exception {
		try (DsmqTestClient waiter = connect(); DsmqTestClient writer = connect()) {
			waiter.send(Map.of("action", "get", "topic", "patient", "wait", 30, "id", 1));
			await().until(() -> gauge("dsmq.reads.waiting") >= 1);
			waiter.send(Map.of("action", "put", "topic", "sent-meanwhile", "message", "kept", "id", 2));
			waiter.send(Map.of("action", "get", "topic", "sent-meanwhile", "id", 3));
			// time for the wait to look at its peer at least once, which reads what was sent meanwhile: there is
			// nothing to await but time
			Thread.sleep(Reads.PEER_CHECK_INTERVAL.toMillis() + 500);
			writer.put("patient", "worth the wait");
			assertThat(waiter.readReply()).containsExactly(entry("id", 1), entry("message", "worth the wait"));
			assertThat(waiter.readReply()).containsOnlyKeys("id", "ok", "seq")
				.containsEntry("id", 2)
				.containsEntry("ok", true);
			assertThat(waiter.readReply()).containsExactly(entry("id", 3), entry("message", "kept"));
		}
	}

	private DsmqTestClient connect() {
		return DsmqTestClient.connect(this.connectionFactory.getPort());
	}

	private double gauge(String name) {
		return this.meterRegistry.get(name).gauges().stream().mapToDouble(Gauge::value).sum();
	}

}
