package dev.dsmq.client;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTests {

	private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(350));

	@Test
	void noWaitBeforeAnyFailure() {
		assertThat(this.backoff.remaining(0)).isZero();
	}

	@Test
	void delayDoublesWithEachFailureUpToTheMaximum() {
		this.backoff.failed(0);
		assertThat(this.backoff.remaining(0)).isEqualTo(Duration.ofMillis(100));
		this.backoff.failed(0);
		assertThat(this.backoff.remaining(0)).isEqualTo(Duration.ofMillis(200));
		this.backoff.failed(0);
		assertThat(this.backoff.remaining(0)).isEqualTo(Duration.ofMillis(350));
	}

	@Test
	void remainingShrinksAsTimePasses() {
		this.backoff.failed(0);
		assertThat(this.backoff.remaining(Duration.ofMillis(60).toNanos())).isEqualTo(Duration.ofMillis(40));
		assertThat(this.backoff.remaining(Duration.ofMillis(500).toNanos())).isZero();
	}

	@Test
	void successStartsOver() {
		this.backoff.failed(0);
		this.backoff.failed(0);
		this.backoff.succeeded();
		assertThat(this.backoff.remaining(0)).isZero();
		this.backoff.failed(0);
		assertThat(this.backoff.remaining(0)).isEqualTo(Duration.ofMillis(100));
	}

}
