package dev.dsmq.cli;

import java.util.Locale;

/**
 * The intervals between the latest arrivals of messages, and what {@code hz} says of them: the rate, and the
 * intervals' mean, least, greatest and standard deviation, as {@code ros2 topic hz} does. Thread-safe.
 */
final class IntervalWindow {

	private final long[] intervals;

	private int size;

	private int next;

	private long lastArrival;

	private boolean arrived;

	private long arrivals;

	private long reported;

	/**
	 * @param capacity how many of the latest intervals to keep
	 */
	IntervalWindow(int capacity) {
		if (capacity < 1) {
			throw new IllegalArgumentException("a window of " + capacity + " intervals holds none; give 1 or more");
		}
		this.intervals = new long[capacity];
	}

	/**
	 * Count a message that arrived at the given time, in nanoseconds of {@link System#nanoTime()}.
	 */
	synchronized void arrived(long nanos) {
		if (this.arrived) {
			this.intervals[this.next] = nanos - this.lastArrival;
			this.next = (this.next + 1) % this.intervals.length;
			this.size = Math.min(this.size + 1, this.intervals.length);
		}
		this.arrived = true;
		this.lastArrival = nanos;
		this.arrivals++;
	}

	/**
	 * Return the report of the window as {@code ros2 topic hz} prints it, or "no new messages" when none arrived
	 * since the last report; null while there is nothing to report yet.
	 */
	synchronized String report() {
		if (this.arrivals == this.reported) {
			return (this.size > 0) ? "no new messages" : null;
		}
		if (this.size == 0) {
			return null;
		}
		this.reported = this.arrivals;
		double sum = 0;
		long min = Long.MAX_VALUE;
		long max = Long.MIN_VALUE;
		for (int i = 0; i < this.size; i++) {
			sum += this.intervals[i];
			min = Math.min(min, this.intervals[i]);
			max = Math.max(max, this.intervals[i]);
		}
		double mean = sum / this.size;
		double squares = 0;
		for (int i = 0; i < this.size; i++) {
			squares += (this.intervals[i] - mean) * (this.intervals[i] - mean);
		}
		double deviation = Math.sqrt(squares / this.size);
		return String.format(Locale.ROOT, "average rate: %.3f%n\tmin: %.3fs max: %.3fs std dev: %.5fs window: %d",
				(mean > 0) ? 1e9 / mean : Double.POSITIVE_INFINITY, min / 1e9, max / 1e9, deviation / 1e9, this.size);
	}

	/**
	 * Return whether messages arrived since the last report.
	 */
	synchronized boolean hasNews() {
		return this.arrivals != this.reported && this.size > 0;
	}

}
