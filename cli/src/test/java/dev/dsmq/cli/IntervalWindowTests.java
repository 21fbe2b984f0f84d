package dev.dsmq.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code hz} computes from the arrival times it is given.
 */
class IntervalWindowTests {

	private static final long MS = 1_000_000;

	@Test
	void reportIsRosHzsOfTheIntervalsBetweenArrivals() {
		IntervalWindow window = new IntervalWindow(10);
		long[] arrivals = { 0, 99 * MS, 200 * MS, 301 * MS, 400 * MS };
		for (long arrival : arrivals) {
			window.arrived(arrival);
		}
		// intervals 99, 101, 101, 99 ms: mean 100 ms, population deviation 1 ms
		assertThat(window.report()).isEqualTo(String.format(
				"average rate: 10.000%n\tmin: 0.099s max: 0.101s std dev: 0.00100s window: 4"));
	}

	@Test
	void windowKeepsOnlyTheLatestIntervals() {
		IntervalWindow window = new IntervalWindow(2);
		long[] arrivals = { 0, 500 * MS, 600 * MS, 700 * MS };
		for (long arrival : arrivals) {
			window.arrived(arrival);
		}
		assertThat(window.report()).startsWith("average rate: 10.000").endsWith("window: 2");
	}

	@Test
	void nothingToReportBeforeTwoArrivalsAndNoNewMessagesAfterAReport() {
		IntervalWindow window = new IntervalWindow(10);
		assertThat(window.report()).isNull();
		window.arrived(0);
		assertThat(window.report()).isNull();
		window.arrived(100 * MS);
		assertThat(window.report()).startsWith("average rate: 10.000");
		assertThat(window.hasNews()).isFalse();
		assertThat(window.report()).isEqualTo("no new messages");
	}

}
