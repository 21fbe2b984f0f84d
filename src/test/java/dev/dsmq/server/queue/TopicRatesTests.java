package dev.dsmq.server.queue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The per-topic rates: counts over a sliding minute, in intervals of five seconds, on a clock the test moves.
 */
class TopicRatesTests {

	private static final long START = 1_000_000_000L;

	private final TopicRates rates = new TopicRates(START);

	private final TopicCounts orders = new TopicCounts(0);

	@Test
	void rateDuringTheFirstMinuteIsTheCountSinceTheStart() {
		putTimes(this.orders, 30);
		deliverTimes(this.orders, 10);
		TopicRates.Rate rate = this.rates.rate(this.orders, at(10));
		assertThat(rate.putsPerSecond()).isCloseTo(3.0, within(1e-9));
		assertThat(rate.getsPerSecond()).isCloseTo(1.0, within(1e-9));
	}

	@Test
	void countsLeaveTheRateOnceTheyAreOlderThanTheWindow() {
		putTimes(this.orders, 120);
		sampleEveryFiveSeconds(5, 60);
		// the oldest interval kept is still the start's
		assertThat(this.rates.rate(this.orders, at(62)).putsPerSecond()).isCloseTo(120 / 62.0, within(1e-9));
		sampleEveryFiveSeconds(65, 65);
		putTimes(this.orders, 6);
		// the oldest interval kept now began at second 5, after the first 120 puts
		assertThat(this.rates.rate(this.orders, at(65)).putsPerSecond()).isCloseTo(6 / 60.0, within(1e-9));
	}

	@Test
	void topicCountedAfterTheStartIsRatedOverTheWholeWindow() {
		sampleEveryFiveSeconds(5, 60);
		TopicCounts late = new TopicCounts(this.rates.interval());
		putTimes(late, 60);
		// nothing was counted before the topic was first seen, so the window's start counts 0 for it
		assertThat(this.rates.rate(late, at(60)).putsPerSecond()).isCloseTo(1.0, within(1e-9));
	}

	@Test
	void topicIdleForLongerThanTheWindowRatesZeroAndCountsAgainWhenBusyAgain() {
		putTimes(this.orders, 50);
		sampleEveryFiveSeconds(5, 200);
		assertThat(this.rates.rate(this.orders, at(200)).putsPerSecond()).isZero();
		putTimes(this.orders, 60);
		assertThat(this.rates.rate(this.orders, at(200)).putsPerSecond()).isCloseTo(60 / 60.0, within(1e-9));
	}

	@Test
	void topicNeverCountedRatesZero() {
		TopicRates.Rate rate = this.rates.rate(new TopicCounts(0), at(1));
		assertThat(rate.putsPerSecond()).isZero();
		assertThat(rate.getsPerSecond()).isZero();
	}

	private void putTimes(TopicCounts counts, int times) {
		for (int i = 0; i < times; i++) {
			counts.put(this.rates.interval(), 1);
		}
	}

	private void deliverTimes(TopicCounts counts, int times) {
		for (int i = 0; i < times; i++) {
			counts.delivered(this.rates.interval());
		}
	}

	private void sampleEveryFiveSeconds(int firstSecond, int lastSecond) {
		for (int second = firstSecond; second <= lastSecond; second += 5) {
			this.rates.sample(at(second));
		}
	}

	private static long at(int second) {
		return START + TimeUnit.SECONDS.toNanos(second);
	}

}
