package dev.dsmq.server.queue;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.scheduling.annotation.Scheduled;

/**
 * Puts and delivered messages per topic and second, over the last minute.
 * <p>
 * A request only increments its topic's count. Every {@link #SAMPLE_INTERVAL} the counts are sampled, and the rate is
 * what was counted since the oldest sample kept, 60 to 65 seconds ago, divided by the time since (since the start,
 * during the first minute). A topic with nothing counted over a whole window is forgotten, so that topic names that
 * come and go do not pile up.
 */
public final class TopicRates {

	/** How often the counts are sampled. */
	public static final Duration SAMPLE_INTERVAL = Duration.ofSeconds(5);

	/** The span the rates are taken over, give or take one sample interval. */
	public static final Duration WINDOW = Duration.ofSeconds(60);

	private static final int SAMPLES = (int) (WINDOW.toNanos() / SAMPLE_INTERVAL.toNanos()) + 1;

	private final Map<String, Counts> topics = new ConcurrentHashMap<>();

	/** When each sample was taken, a ring; guarded by this, as are the samples of every topic. */
	private final long[] sampledAt = new long[SAMPLES];

	private int newest;

	private int taken;

	public TopicRates() {
		this(System.nanoTime());
	}

	/**
	 * Start counting.
	 * @param startNanos now, on the clock of {@link System#nanoTime()}
	 */
	TopicRates(long startNanos) {
		this.sampledAt[0] = startNanos;
		this.taken = 1;
	}

	/**
	 * Count messages stored in a topic.
	 */
	public void put(String topic) {
		counts(topic).puts.incrementAndGet();
	}

	/**
	 * Count a message of a topic delivered to a reader.
	 */
	public void delivered(String topic) {
		counts(topic).gets.incrementAndGet();
	}

	private Counts counts(String topic) {
		Counts counts = this.topics.get(topic);
		return (counts != null) ? counts : this.topics.computeIfAbsent(topic, (name) -> new Counts());
	}

	@Scheduled(fixedRateString = "5s")
	void sample() {
		sample(System.nanoTime());
	}

	/**
	 * Keep the counts of now, in place of the oldest sample once a window is full, and forget the topics that have
	 * counted nothing since then.
	 */
	synchronized void sample(long nanos) {
		int slot = (this.newest + 1) % SAMPLES;
		boolean full = this.taken == SAMPLES;
		this.topics.entrySet().removeIf((entry) -> full && entry.getValue().idleSince(slot));
		this.sampledAt[slot] = nanos;
		this.newest = slot;
		this.taken = Math.min(SAMPLES, this.taken + 1);
		this.topics.values().forEach((counts) -> counts.sample(slot));
	}

	/**
	 * Return the rate of each topic counted in the last window, by name.
	 * @param nanos now, on the clock of {@link System#nanoTime()}
	 */
	public synchronized Map<String, Rate> rates(long nanos) {
		int oldest = (this.taken < SAMPLES) ? 0 : (this.newest + 1) % SAMPLES;
		double seconds = (nanos - this.sampledAt[oldest]) / (double) TimeUnit.SECONDS.toNanos(1);
		Map<String, Rate> rates = new TreeMap<>();
		this.topics.forEach((name, counts) -> rates.put(name, counts.rate(oldest, seconds)));
		return rates;
	}

	/**
	 * Return the rate of each topic counted in the last window, by name.
	 */
	public Map<String, Rate> rates() {
		return rates(System.nanoTime());
	}

	/**
	 * Messages of one topic per second.
	 * @param putsPerSecond messages stored
	 * @param getsPerSecond messages delivered to readers
	 */
	public record Rate(double putsPerSecond, double getsPerSecond) {

		static final Rate NONE = new Rate(0, 0);

	}

	/**
	 * The counts of one topic since it was first counted, and their samples. Every sample before the topic was
	 * counted is 0, which is what it had counted then.
	 */
	private static final class Counts {

		private final AtomicLong puts = new AtomicLong();

		private final AtomicLong gets = new AtomicLong();

		private final long[] putSamples = new long[SAMPLES];

		private final long[] getSamples = new long[SAMPLES];

		void sample(int slot) {
			this.putSamples[slot] = this.puts.get();
			this.getSamples[slot] = this.gets.get();
		}

		boolean idleSince(int slot) {
			return this.puts.get() == this.putSamples[slot] && this.gets.get() == this.getSamples[slot];
		}

		Rate rate(int since, double seconds) {
			if (seconds <= 0) {
				return Rate.NONE;
			}
			return new Rate((this.puts.get() - this.putSamples[since]) / seconds,
					(this.gets.get() - this.getSamples[since]) / seconds);
		}

	}

}
