package dev.dsmq.server.queue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The per-topic rates: counts over a sliding minute, sampled every five seconds, on a clock the test moves.
 */
class TopicRatesTests {

	private static final long START = 1_000_000_000L;

	private final TopicRates rates = new TopicRates(START);

	@Test
	void rateDuringTheFirstMinuteIsTheCountSinceTheStart() {
		putTimes("orders", 30);
		deliverTimes("orders", 10);
		TopicRates.Rate rate = this.rates.rates(at(10)).get("orders");
		assertThat(rate.putsPerSecond()).isCloseTo(3.0, within(1e-9));
		assertThat(rate.getsPerSecond()).isCloseTo(1.0, within(1e-9));
	}

	@Test
	void countsLeaveTheRateOnceTheyAreOlderThanTheWindow() {
		putTimes("orders", 120);
		sampleEveryFiveSeconds(5, 60);
		// the oldest sample kept is still the start's
		assertThat(this.rates.rates(at(62)).get("orders").putsPerSecond()).isCloseTo(120 / 62.0, within(1e-9));
		sampleEveryFiveSeconds(65, 65);
		putTimes("orders", 6);
		// the oldest sample kept is now the one of second 5, after the first 120 puts
		assertThat(this.rates.rates(at(65)).get("orders").putsPerSecond()).isCloseTo(6 / 60.0, within(1e-9));
	}

	@Test
	void topicCountedAfterTheStartIsRatedOverTheWholeWindow() {
		sampleEveryFiveSeconds(5, 60);
		putTimes("late", 60);
		// nothing was counted before the topic was first seen, so the window's start counts 0 for it
		assertThat(this.rates.rates(at(60)).get("late").putsPerSecond()).isCloseTo(1.0, within(1e-9));
	}

	@Test
	void topicIdleForAWholeWindowIsForgotten() {
		putTimes("brief", 1);
		putTimes("steady", 1);
		for (int second = 5; second <= 70; second += 5) {
			this.rates.sample(at(second));
			putTimes("steady", 1);
		}
		assertThat(this.rates.rates(at(70))).containsKey("steady").doesNotContainKey("brief");
	}

	@Test
	void topicNeverCountedHasNoRate() {
		assertThat(this.rates.rates(at(1))).isEmpty();
	}

	private void putTimes(String topic, int times) {
		for (int i = 0; i < times; i++) {
			this.rates.put(topic);
		}
	}

	private void deliverTimes(String topic, int times) {
		for (int i = 0; i < times; i++) {
			this.rates.delivered(topic);
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
