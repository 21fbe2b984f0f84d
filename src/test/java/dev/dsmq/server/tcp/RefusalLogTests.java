package dev.dsmq.server.tcp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import dev.dsmq.server.TestMeters;
import dev.dsmq.server.DsmqTestClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What clients send cannot forge, hide or flood log lines: client text is escaped and cut short, and only the first
 * refusal of a kind from a peer in a minute is logged, the rest counted and summarised.
 */
@SpringBootTest(properties = "dsmq.port=0")
@ExtendWith(OutputCaptureExtension.class)
class RefusalLogTests {

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private MeterRegistry meterRegistry;

	@Autowired
	private Refusals refusals;

	@BeforeEach
	void startAMinute() {
		this.refusals.summarise();
	}

	@Test
	void aForgedLogLineInAnActionIsEscapedAndALongActionIsNotShown(CapturedOutput output) {
		String forged = "x\n2026-12-01T00:00:00.000Z  INFO 1 --- [dsmq] Shutting down\u202e";
		try (DsmqTestClient client = connect()) {
			client.send(Map.of("action", forged, "topic", "t", "id", 1));
			assertThat(client.readReply()).containsEntry("id", 1).containsKey("error");
			client.send(Map.of("action", "y".repeat(1_000_000), "topic", "t", "id", 2));
			assertThat(client.readReply().get("error")).isEqualTo("unknown action of 1000000 bytes");
		}
		assertThat(output.getOut().lines()).noneMatch((line) -> line.startsWith("2026-12-01T00:00:00.000Z"))
			.anyMatch((line) -> line.endsWith(": unknown action \"x\\n2026-12-01T00:00:00.000Z  INFO 1 --- "
					+ "[dsmq] Shutting down\\u202e\""))
			.noneMatch((line) -> line.contains("yyyy"));
	}

	@Test
	void onlyTheFirstRefusalOfAKindFromAPeerIsLoggedAndTheRestAreSummarised(CapturedOutput output) {
		double before = rejected("unknown-action");
		byte[] junk = DsmqTestClient.frame("{\"action\": \"junk\", \"topic\": \"t\"}".getBytes(StandardCharsets.UTF_8));
		byte[] flood = new byte[junk.length * 500];
		for (int i = 0; i < 500; i++) {
			System.arraycopy(junk, 0, flood, i * junk.length, junk.length);
		}
		try (DsmqTestClient client = connect()) {
			client.sendRaw(flood);
			assertThat(client.readReplyAfterGet("after-the-flood")).containsEntry("message", "");
		}
		assertThat(rejected("unknown-action")).isEqualTo(before + 500);
		assertThat(count(output, "unknown action \"junk\"")).isEqualTo(1);
		this.refusals.summarise();
		assertThat(output.getOut()).contains("Rejected 499 more requests from 127.0.0.1 (unknown-action) in the last "
				+ "minute without logging them");
		try (DsmqTestClient client = connect()) {
			client.sendRaw(junk);
			assertThat(client.readReplyAfterGet("next-minute")).containsEntry("message", "");
		}
		assertThat(count(output, "unknown action \"junk\"")).isEqualTo(2);
	}

	private static long count(CapturedOutput output, String text) {
		return Arrays.stream(output.getOut().split("\n")).filter((line) -> line.contains(text)).count();
	}

	private DsmqTestClient connect() {
		return DsmqTestClient.connect(this.connectionFactory.getPort());
	}

	private double rejected(String reason) {
		return TestMeters.rejected(this.meterRegistry, reason);
	}

}
