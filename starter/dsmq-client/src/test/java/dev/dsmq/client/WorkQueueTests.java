package dev.dsmq.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Groups: claims, deletes, pops, peeks and releases, against a real server.
 */
class WorkQueueTests extends AbstractReaderWriterTests {

	@Test
	void claimGivesEachMessageToOneMemberOfTheGroup() {
		this.writer.put(this.topic, "a");
		this.writer.put(this.topic, "b");
		try (DsmqClient other = TestClients.of(server)) {
			Optional<ReceivedMessage> first = this.reader.claim(this.topic, "workers");
			Optional<ReceivedMessage> second = other.claim(this.topic, "workers");
			assertThat(first).map(ReceivedMessage::text).contains("a");
			assertThat(second).map(ReceivedMessage::text).contains("b");
			assertThat(other.claim(this.topic, "workers")).isEmpty();
		}
	}

	@Test
	void claimSeesMessagesPutBeforeTheGroupsFirstUse() {
		long seq = this.writer.put(this.topic, "early");
		assertThat(this.reader.claim(this.topic, "late-group")).hasValueSatisfying((message) -> {
			assertThat(message.seq()).isEqualTo(seq);
			assertThat(message.retrievalCount()).isEqualTo(1);
			assertThat(message.firstRetrieved()).isNotNull();
		});
	}

	@Test
	void eachGroupGetsEveryMessage() {
		this.writer.put(this.topic, "shared");
		assertThat(this.reader.claim(this.topic, "billing")).map(ReceivedMessage::text).contains("shared");
		assertThat(this.reader.claim(this.topic, "shipping")).map(ReceivedMessage::text).contains("shared");
	}

	@Test
	void deletedMessageIsNotClaimedAgain() {
		this.writer.put(this.topic, "done");
		ReceivedMessage claimed = this.reader.claim(this.topic, "g", Duration.ofMillis(200)).orElseThrow();
		this.reader.delete(this.topic, "g", claimed.seq());
		this.reader.delete(this.topic, "g", claimed.seq());
		this.writer.put(this.topic, "next");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.reader.claim(this.topic, "g")).map(ReceivedMessage::text).contains("next"));
	}

	@Test
	void claimThatRunsOutMakesTheMessageAvailableAgain() {
		long seq = this.writer.put(this.topic, "slow work");
		assertThat(this.reader.claim(this.topic, "g", Duration.ofMillis(200))).map(ReceivedMessage::seq).contains(seq);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(this.reader.claim(this.topic, "g"))
			.hasValueSatisfying((again) -> {
				assertThat(again.seq()).isEqualTo(seq);
				assertThat(again.retrievalCount()).isEqualTo(2);
			}));
	}

	@Test
	void releasedMessageIsClaimedAgainAtOnce() {
		long seq = this.writer.put(this.topic, "retry me");
		this.reader.claim(this.topic, "g").orElseThrow();
		this.reader.release(this.topic, "g", seq);
		assertThat(this.reader.claim(this.topic, "g")).map(ReceivedMessage::retrievalCount).contains(2);
	}

	@Test
	void popDeliversAMessageOnceAndForAll() {
		this.writer.put(this.topic, "once");
		assertThat(this.reader.pop(this.topic, "g")).map(ReceivedMessage::text).contains("once");
		assertThat(this.reader.pop(this.topic, "g")).isEmpty();
		assertThat(this.reader.claim(this.topic, "g")).isEmpty();
	}

	@Test
	void peekShowsWhatAClaimWouldWithoutClaiming() {
		long seq = this.writer.put(this.topic, "look");
		assertThat(this.reader.peek(this.topic, "g")).map(ReceivedMessage::seq).contains(seq);
		assertThat(this.reader.claim(this.topic, "g")).map(ReceivedMessage::retrievalCount).contains(1);
	}

	@Test
	void delayedPutIsHiddenFromTheGroupUntilItIsDue() {
		this.writer.put(this.topic, Messages.of("later"), PutOptions.none().withDelay(Duration.ofMillis(300)));
		assertThat(this.reader.get(this.topic)).isPresent();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.reader.claim(this.topic, "g")).map(ReceivedMessage::text).contains("later"));
	}

	@Test
	void claimThatWaitsIsAnsweredByALaterPut() throws Exception {
		CompletableFuture<Optional<ReceivedMessage>> waiting = this.reader.claimAsync(this.topic, "g",
				ClaimOptions.defaults().waiting(Duration.ofSeconds(30)));
		long seq = this.writer.put(this.topic, "wake");
		assertThat(waiting.get()).map(ReceivedMessage::seq).contains(seq);
	}

	@Test
	void membersThatDeleteShareTheWorkWithNoDuplicates() throws Exception {
		int messages = 200;
		for (int i = 0; i < messages; i++) {
			this.writer.putUnacknowledged(this.topic, "job " + i);
		}
		this.writer.get(this.topic);
		List<DsmqClient> members = new ArrayList<>();
		List<CompletableFuture<List<String>>> work = new ArrayList<>();
		for (int m = 0; m < 4; m++) {
			DsmqClient member = TestClients.of(server);
			members.add(member);
			work.add(CompletableFuture.supplyAsync(() -> {
				List<String> done = new ArrayList<>();
				Optional<ReceivedMessage> claimed;
				while ((claimed = member.claim(this.topic, "g")).isPresent()) {
					done.add(claimed.get().text());
					member.delete(this.topic, "g", claimed.get().seq());
				}
				return done;
			}));
		}
		List<String> all = new ArrayList<>();
		for (CompletableFuture<List<String>> each : work) {
			all.addAll(each.get());
		}
		members.forEach(DsmqClient::close);
		Set<String> distinct = new HashSet<>(all);
		assertThat(all).hasSize(messages);
		assertThat(distinct).hasSize(messages);
	}

}
