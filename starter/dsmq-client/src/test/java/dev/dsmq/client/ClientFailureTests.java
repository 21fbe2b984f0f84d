package dev.dsmq.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Failure paths against a fake server: replies a real server never sends, and replies that never come.
 */
class ClientFailureTests {

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
	void requestWithoutReplyTimesOutWithTheDurationInTheMessage() throws InterruptedException {
		try (DsmqClient impatient = impatientClient()) {
			assertThatExceptionOfType(DsmqTimeoutException.class).isThrownBy(() -> impatient.get("silence"))
				.withMessageContaining("get on topic 'silence'")
				.withMessageContaining("127.0.0.1:" + this.server.port())
				.withMessageContaining("200 ms")
				.satisfies((ex) -> assertThat(ex.getTimeout()).isEqualTo(Duration.ofMillis(200)));
			assertThat(this.server.nextRequest().get("action").stringValue()).isEqualTo("get");
		}
	}

	@Test
	void lateReplyAfterTimeoutIsDroppedAndTheNextRequestGetsItsOwnReply() throws InterruptedException {
		try (DsmqClient impatient = impatientClient()) {
			assertThatExceptionOfType(DsmqTimeoutException.class).isThrownBy(() -> impatient.get("slow"));
			long lateId = this.server.nextRequest().get("id").asLong();
			CompletableFuture<Optional<JsonNode>> next = impatient.getAsync("slow");
			long nextId = this.server.nextRequest().get("id").asLong();
			this.server.reply("{\"id\": " + lateId + ", \"message\": \"late\"}");
			this.server.reply("{\"id\": " + nextId + ", \"message\": \"on time\"}");
			assertThat(next.join()).map(JsonNode::stringValue).contains("on time");
		}
	}

	@Test
	void garbledHeaderFailsTheRequestWithAProtocolException() throws InterruptedException {
		CompletableFuture<Optional<JsonNode>> get = this.client.getAsync("t");
		this.server.nextRequest();
		this.server.sendRaw("{\"msg_length\": 10000x2}{}".getBytes(StandardCharsets.US_ASCII));
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(get::get)
			.withCauseInstanceOf(DsmqProtocolException.class)
			.withMessageContaining("garbled reply from 127.0.0.1:" + this.server.port());
		assertThat(this.client.isConnected()).isFalse();
	}

	@Test
	void replyThatIsNotJsonFailsTheRequestWithAProtocolException() throws InterruptedException {
		CompletableFuture<Optional<JsonNode>> get = this.client.getAsync("t");
		this.server.nextRequest();
		this.server.reply("{not json");
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(get::get)
			.withCauseInstanceOf(DsmqProtocolException.class)
			.withMessageContaining("is not JSON: {not json");
	}

	@Test
	void errorFrameWithoutIdFailsEveryRequestInFlight() throws InterruptedException {
		CompletableFuture<Optional<JsonNode>> first = this.client.getAsync("a");
		CompletableFuture<Optional<JsonNode>> second = this.client.getAsync("b");
		this.server.nextRequest();
		this.server.nextRequest();
		this.server.reply("{\"message\": \"\", \"error\": \"body is not valid UTF-8 JSON\"}");
		assertThat(first).failsWithin(Duration.ofSeconds(10))
			.withThrowableThat()
			.withCauseInstanceOf(DsmqProtocolException.class)
			.withMessageContaining("body is not valid UTF-8 JSON");
		assertThat(second).failsWithin(Duration.ofSeconds(10))
			.withThrowableThat()
			.withCauseInstanceOf(DsmqProtocolException.class);
	}

	@Test
	void connectionClosedByTheServerFailsTheRequestInFlightWithTheAddress() throws Exception {
		CompletableFuture<Optional<JsonNode>> get = this.client.getAsync("t");
		this.server.nextRequest();
		this.server.dropConnection();
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(get::get)
			.withCauseExactlyInstanceOf(DsmqConnectionException.class)
			.withMessageContaining("127.0.0.1:" + this.server.port());
	}

	@Test
	void nextRequestAfterADroppedConnectionReconnects() throws Exception {
		CompletableFuture<Optional<JsonNode>> get = this.client.getAsync("t");
		this.server.nextRequest();
		this.server.dropConnection();
		assertThat(get).failsWithin(Duration.ofSeconds(10));
		CompletableFuture<Optional<JsonNode>> again = this.client.getAsync("t");
		long id = this.server.nextRequest().get("id").asLong();
		this.server.reply("{\"id\": " + id + "}");
		assertThat(again.get()).isEmpty();
	}

	@Test
	void refusalCarriesTheServersReason() throws InterruptedException {
		CompletableFuture<Long> put = this.client.putAsync("t", Messages.of("m"));
		long id = this.server.nextRequest().get("id").asLong();
		this.server.reply("{\"id\": " + id + ", \"error\": \"store is full\"}");
		assertThat(put).failsWithin(Duration.ofSeconds(10))
			.withThrowableThat()
			.havingCause()
			.isInstanceOfSatisfying(DsmqRefusedException.class,
					(ex) -> assertThat(ex.getReason()).isEqualTo("store is full"))
			.withMessageContaining("put on topic 't' refused by 127.0.0.1:" + this.server.port());
	}

	@Test
	void requestsCarryTheFieldsOfTheWireContract() throws InterruptedException {
		this.client.getWaitAsync("w", Duration.ofSeconds(2));
		JsonNode getWait = this.server.nextRequest();
		assertThat(getWait.get("action").stringValue()).isEqualTo("get");
		assertThat(getWait.get("topic").stringValue()).isEqualTo("w");
		assertThat(getWait.get("wait").asLong()).isEqualTo(2);
		assertThat(getWait.get("id").isIntegralNumber()).isTrue();
		this.client.getWaitAsync("w", Duration.ofMillis(1500));
		assertThat(this.server.nextRequest().get("wait").asDouble()).isEqualTo(1.5);
		this.client.putUnacknowledged("p", "plain");
		JsonNode plainPut = this.server.nextRequest();
		assertThat(plainPut.has("id")).isFalse();
		assertThat(plainPut.get("message").stringValue()).isEqualTo("plain");
	}

	@Test
	void connectFailureNamesHostAndPort() throws IOException {
		int closedPort = closedPort();
		try (DsmqClient unreachable = DsmqClient.builder().port(closedPort).build()) {
			assertThatExceptionOfType(DsmqConnectionException.class).isThrownBy(unreachable::connect)
				.withMessageContaining("could not connect to 127.0.0.1:" + closedPort);
		}
	}

	@Test
	void requestsDuringTheBackoffFailWithoutConnecting() throws IOException {
		int closedPort = closedPort();
		try (DsmqClient unreachable = DsmqClient.builder()
			.port(closedPort)
			.reconnectBackoff(Duration.ofMinutes(1), Duration.ofMinutes(2))
			.build()) {
			assertThatExceptionOfType(DsmqConnectionException.class).isThrownBy(() -> unreachable.get("t"))
				.withMessageContaining("could not connect");
			assertThatExceptionOfType(DsmqConnectionException.class).isThrownBy(() -> unreachable.get("t"))
				.withMessageContaining("not connected (could not connect to 127.0.0.1:" + closedPort)
				.withMessageContaining("next attempt in");
		}
	}

	@Test
	void closedClientRefusesRequests() {
		this.client.close();
		assertThatExceptionOfType(DsmqException.class).isThrownBy(() -> this.client.get("t"))
			.withMessageContaining("is closed");
	}

	private DsmqClient impatientClient() {
		return DsmqClient.builder().port(this.server.port()).requestTimeout(Duration.ofMillis(200)).build();
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
