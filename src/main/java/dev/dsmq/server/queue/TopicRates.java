package dev.dsmq.server.queue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.springframework.scheduling.annotation.Scheduled;

/**
 * The clock of the per-topic rates: puts and delivered messages per second over the last minute.
 * <p>
 * Each topic counts into its own {@link TopicCounts}, one slot per {@link #SAMPLE_INTERVAL}; this class only numbers
 * the intervals and keeps when each began. A rate is what was counted since the start of the oldest interval kept,
 * 60 to 65 seconds ago, divided by the time since (since the start, during the first minute). It keeps nothing per
 * topic, so the counts go with the topic when the store forgets it.
 */
public final class TopicRates {

	/** How often the counts are sampled. */
	public static final Duration SAMPLE_INTERVAL = Duration.ofSeconds(5);

	/** The span the rates are taken over, give or take one sample interval. */
	public static final Duration WINDOW = Duration.ofSeconds(60);

	/** The intervals a rate spans: those of the window and the one under way. */
	static final int SLOTS = (int) (WINDOW.toNanos() / SAMPLE_INTERVAL.toNanos()) + 1;

	/** When each interval began, by interval modulo {@link #SLOTS}; guarded by this. */
	private final long[] startedAt = new long[SLOTS];

	/** The interval under way, counted from 0 at the start. */
	private volatile int interval;

	public TopicRates() {
		this(System.nanoTime());
	}

	/**
	 * Start counting.
	 * @param startNanos now, on the clock of {@link System#nanoTime()}
	 */
	TopicRates(long startNanos) {
		this.startedAt[0] = startNanos;
	}

	/**
	 * Return the interval under way, which counts are added to.
	 */
	int interval() {
		return this.interval;
	}

	@Scheduled(fixedRateString = "5s")
	void sample() {
		sample(System.nanoTime());
	}

	/**
	 * Begin the next interval.
	 */
	synchronized void sample(long nanos) {
		int next = this.interval + 1;
		this.startedAt[next % SLOTS] = nanos;
		this.interval = next;
	}

	/**
	 * Return the rates of one topic's counts over the last window.
	 * @param nanos now, on the clock of {@link System#nanoTime()}
	 */
	synchronized Rate rate(TopicCounts counts, long nanos) {
		int now = this.interval;
		int oldest = Math.max(0, now - SLOTS + 1);
		double seconds = (nanos - this.startedAt[oldest % SLOTS]) / (double) TimeUnit.SECONDS.toNanos(1);
		if (seconds <= 0) {
			return Rate.NONE;
		}
		return new Rate(counts.puts(now) / seconds, counts.deliveries(now) / seconds);
	}

	/**
	 * Messages of one topic per second.
	 * @param putsPerSecond messages stored
	 * @param getsPerSecond messages delivered to readers
	 */
	public record Rate(double putsPerSecond, double getsPerSecond) {

		static final Rate NONE = new Rate(0, 0);

	}

}
