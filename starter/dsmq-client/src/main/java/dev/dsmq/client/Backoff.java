package dev.dsmq.client;

import java.time.Duration;

/**
 * Exponential backoff between failed connection attempts: the first retry waits the initial delay, each further
 * failure doubles it up to the maximum, and a success starts over. Not thread-safe; times are {@code System.nanoTime}
 * values passed in, so that it can be tested without waiting.
 */
final class Backoff {

	private final long initialNanos;

	private final long maxNanos;

	private long delayNanos;

	private long notBeforeNanos;

	Backoff(Duration initial, Duration max) {
		this.initialNanos = initial.toNanos();
		this.maxNanos = Math.max(max.toNanos(), this.initialNanos);
	}

	void failed(long nowNanos) {
		this.delayNanos = (this.delayNanos == 0) ? this.initialNanos : Math.min(this.delayNanos * 2, this.maxNanos);
		this.notBeforeNanos = nowNanos + this.delayNanos;
	}

	void succeeded() {
		this.delayNanos = 0;
	}

	/**
	 * Return how long the next attempt must still wait.
	 */
	Duration remaining(long nowNanos) {
		return (this.delayNanos == 0) ? Duration.ZERO : Duration.ofNanos(Math.max(0, this.notBeforeNanos - nowNanos));
	}

}
