package dev.dsmq.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Sequence numbers, headers and reads after a sequence number, against a real server.
 */
class MetadataTests extends AbstractReaderWriterTests {

	@Test
	void putReturnsTheMessagesSequenceNumberInTheOrderOfPuts() {
		long first = this.writer.put(this.topic, "first");
		long second = this.writer.put(this.topic, "second");
		assertThat(first).isPositive();
		assertThat(second).isGreaterThan(first);
	}

	@Test
	void receiveCarriesTheSequenceNumberTimeAndHeadersOfThePut() {
		Instant before = Instant.now().minusSeconds(1);
		long seq = this.writer.put(this.topic, Messages.of("traced"),
				PutOptions.none().withHeader("traceparent", "00-abc-def-01").withHeader("kind", "test"));
		Optional<ReceivedMessage> received = this.reader.receive(this.topic, ReadOptions.oldest());
		assertThat(received).hasValueSatisfying((message) -> {
			assertThat(message.text()).isEqualTo("traced");
			assertThat(message.seq()).isEqualTo(seq);
			assertThat(message.sent()).isAfter(before).isBefore(Instant.now().plusSeconds(1));
			assertThat(message.headers()).containsExactlyInAnyOrderEntriesOf(
					Map.of("traceparent", "00-abc-def-01", "kind", "test"));
			assertThat(message.retrievalCount()).isZero();
			assertThat(message.firstRetrieved()).isNull();
		});
	}

	@Test
	void receiveReturnsEmptyWhenNothingIsEligible() {
		assertThat(this.reader.receive(this.topic, ReadOptions.oldest())).isEmpty();
	}

	@Test
	void receiveAfterASequenceNumberResumesOnANewConnectionWithNoGap() {
		long first = this.writer.put(this.topic, "one");
		this.writer.put(this.topic, "two");
		this.writer.put(this.topic, "three");
		assertThat(this.reader.receive(this.topic, ReadOptions.oldest())).map(ReceivedMessage::seq).contains(first);
		try (DsmqClient resumed = TestClients.of(server)) {
			assertThat(resumed.receive(this.topic, ReadOptions.oldest().after(first))).map(ReceivedMessage::text)
				.contains("two");
			assertThat(resumed.receive(this.topic, ReadOptions.oldest())).map(ReceivedMessage::text).contains("three");
		}
	}

	@Test
	void receiveNewestSkipsOlderMessages() {
		this.writer.put(this.topic, "old");
		this.writer.put(this.topic, "new");
		assertThat(this.reader.receive(this.topic, ReadOptions.newest())).map(ReceivedMessage::text).contains("new");
		assertThat(this.reader.receive(this.topic, ReadOptions.oldest())).isEmpty();
	}

	@Test
	void receiveThatWaitsIsAnsweredByALaterPut() throws Exception {
		var waiting = this.reader.receiveAsync(this.topic, ReadOptions.oldest().waiting(Duration.ofSeconds(30)));
		long seq = this.writer.put(this.topic, "late");
		assertThat(waiting.get()).map(ReceivedMessage::seq).contains(seq);
	}

	@Test
	void putWithTooManyHeadersIsRefusedAndNothingIsStored() {
		PutOptions options = PutOptions.none();
		for (int i = 0; i < 65; i++) {
			options = options.withHeader("h" + i, "v");
		}
		PutOptions tooMany = options;
		assertThatExceptionOfType(DsmqRefusedException.class)
			.isThrownBy(() -> this.writer.put(this.topic, Messages.of("lost"), tooMany))
			.satisfies((ex) -> assertThat(ex.getReason()).contains("headers"));
		assertThat(this.reader.get(this.topic)).isEmpty();
	}

	@Test
	void putAsyncCompletesWithTheSequenceNumber() throws Exception {
		long seq = this.writer.putAsync(this.topic, Messages.of("async")).get();
		assertThat(this.reader.receive(this.topic, ReadOptions.oldest())).map(ReceivedMessage::seq).contains(seq);
	}

}
