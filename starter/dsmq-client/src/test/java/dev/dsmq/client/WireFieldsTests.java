package dev.dsmq.client;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the client sends for puts with options, metadata reads and group requests, and how it reads their replies,
 * against a fake server that shows the requests as they arrive.
 */
class WireFieldsTests {

	private FakeServer server;

	private DsmqClient client;

	@BeforeEach
	void startFakeServer() throws IOException {
		this.server = new FakeServer();
		this.client = this.server.client();
	}

	@AfterEach
	void stopFakeServer() throws IOException {
		this.client.close();
		this.server.close();
	}

	@Test
	void putWithOptionsSendsTheDelayInSecondsAndTheHeadersAndReturnsTheSequenceNumber() throws Exception {
		CompletableFuture<Long> put = this.client.putAsync("t", Messages.of("m"),
				PutOptions.none().withDelay(Duration.ofMillis(1500)).withHeader("traceparent", "x"));
		JsonNode request = this.server.nextRequest();
		assertThat(request.get("delay").doubleValue()).isEqualTo(1.5);
		assertThat(request.get("headers").get("traceparent").stringValue()).isEqualTo("x");
		this.server.reply("{\"id\": " + request.get("id").asLong() + ", \"ok\": true, \"seq\": 42}");
		assertThat(put.get()).isEqualTo(42);
	}

	@Test
	void acknowledgementWithoutASequenceNumberFailsThePutAsAProtocolError() throws Exception {
		CompletableFuture<Long> put = this.client.putAsync("t", Messages.of("m"));
		this.server.reply("{\"id\": " + this.server.nextRequest().get("id").asLong() + ", \"ok\": true}");
		assertThat(put).failsWithin(Duration.ofSeconds(10))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(DsmqProtocolException.class)
			.withMessageContaining("no sequence number");
	}

	@Test
	void receiveAsksForMetadataAfterTheSequenceNumberAndReadsTimesToTheMicrosecond() throws Exception {
		CompletableFuture<Optional<ReceivedMessage>> read = this.client.receiveAsync("t",
				ReadOptions.oldest().after(7).waiting(Duration.ofSeconds(2)));
		JsonNode request = this.server.nextRequest();
		assertThat(request.get("action").stringValue()).isEqualTo("get");
		assertThat(request.get("meta").booleanValue()).isTrue();
		assertThat(request.get("after").longValue()).isEqualTo(7);
		assertThat(request.get("wait").longValue()).isEqualTo(2);
		this.server.reply("{\"id\": " + request.get("id").asLong() + ", \"message\": {\"n\": 1}, \"seq\": 8, "
				+ "\"sent\": 1767225600.123456, \"headers\": {\"a\": \"b\"}}");
		assertThat(read.get()).hasValueSatisfying((message) -> {
			assertThat(message.message().get("n").intValue()).isEqualTo(1);
			assertThat(message.seq()).isEqualTo(8);
			assertThat(message.sent()).isEqualTo(Instant.parse("2026-01-01T00:00:00.123456Z"));
			assertThat(message.headers()).isEqualTo(Map.of("a", "b"));
			assertThat(message.retrievalCount()).isZero();
			assertThat(message.firstRetrieved()).isNull();
		});
	}

	@Test
	void claimSendsTheGroupVisibilityAndWaitAndReadsTheRetrievalCount() throws Exception {
		CompletableFuture<Optional<ReceivedMessage>> claim = this.client.claimAsync("t", "billing",
				ClaimOptions.defaults().visibility(Duration.ofMillis(2500)).waiting(Duration.ofSeconds(1)));
		JsonNode request = this.server.nextRequest();
		assertThat(request.get("action").stringValue()).isEqualTo("get");
		assertThat(request.get("group").stringValue()).isEqualTo("billing");
		assertThat(request.get("visibility").doubleValue()).isEqualTo(2.5);
		assertThat(request.get("wait").longValue()).isEqualTo(1);
		this.server.reply("{\"id\": " + request.get("id").asLong() + ", \"message\": \"m\", \"seq\": 3, "
				+ "\"sent\": 1767225600, \"first_retrieved\": 1767225601.5, \"retrieval_count\": 2}");
		assertThat(claim.get()).hasValueSatisfying((message) -> {
			assertThat(message.retrievalCount()).isEqualTo(2);
			assertThat(message.firstRetrieved()).isEqualTo(Instant.parse("2026-01-01T00:00:01.500Z"));
		});
	}

	@Test
	void claimOfAnEmptyGroupIsEmpty() throws Exception {
		CompletableFuture<Optional<ReceivedMessage>> claim = this.client.claimAsync("t", "g", ClaimOptions.defaults());
		this.server.reply("{\"id\": " + this.server.nextRequest().get("id").asLong() + "}");
		assertThat(claim.get()).isEmpty();
	}

	@Test
	void deleteAndReleaseNameTheSequenceNumber() throws Exception {
		CompletableFuture<Void> delete = this.client.deleteAsync("t", "g", 5);
		JsonNode deleteRequest = this.server.nextRequest();
		assertThat(deleteRequest.get("action").stringValue()).isEqualTo("delete");
		assertThat(deleteRequest.get("seq").longValue()).isEqualTo(5);
		this.server.reply("{\"id\": " + deleteRequest.get("id").asLong() + ", \"ok\": true}");
		delete.get();
		CompletableFuture<Void> release = this.client.releaseAsync("t", "g", 6, Duration.ofSeconds(3));
		JsonNode releaseRequest = this.server.nextRequest();
		assertThat(releaseRequest.get("action").stringValue()).isEqualTo("release");
		assertThat(releaseRequest.get("seq").longValue()).isEqualTo(6);
		assertThat(releaseRequest.get("delay").longValue()).isEqualTo(3);
		this.server.reply("{\"id\": " + releaseRequest.get("id").asLong() + ", \"ok\": true}");
		release.get();
	}

}
