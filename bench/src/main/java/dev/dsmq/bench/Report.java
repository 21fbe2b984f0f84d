package dev.dsmq.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of every round, and their medians side by side.
 */
final class Report {

	private static final String DSMQ = "dsmq";

	/** Every server the report knows, in the order of its columns. */
	private static final List<String> TARGETS = List.of(DSMQ, "redis", "floor");

	private static final Map<String, String> TITLES = Map.of(DSMQ, "dsmq", "redis", "Redis Streams", "floor", "floor");

	private static final Map<String, String> SHORT_TITLES = Map.of("redis", "Redis", "floor", "floor");

	private final Map<String, Figure> figures = new LinkedHashMap<>();

	private final Map<String, long[]> integrity = new LinkedHashMap<>();

	void add(String target, String figure, double value, boolean higherIsBetter) {
		add(target, figure, value, higherIsBetter, false);
	}

	/** A figure that counts things, printed without decimals. */
	void addCount(String target, String figure, long value, boolean higherIsBetter) {
		add(target, figure, value, higherIsBetter, true);
	}

	private void add(String target, String figure, double value, boolean higherIsBetter, boolean count) {
		this.figures.computeIfAbsent(figure, (name) -> new Figure(higherIsBetter, count))
			.values
			.computeIfAbsent(target, (name) -> new ArrayList<>())
			.add(value);
	}

	void lossAndDuplicates(String target, long lost, long duplicated) {
		long[] counts = this.integrity.computeIfAbsent(target, (name) -> new long[2]);
		counts[0] += lost;
		counts[1] += duplicated;
	}

	/**
	 * The servers side by side, dsmq's ratio to each of the others first: the other's latency or memory over dsmq's,
	 * dsmq's rate over the other's, so that above 1 always means dsmq is better. Against the floor, which does no more
	 * than the work needs, the ratio says how close dsmq comes to it: 1 is the floor itself.
	 */
	void print(PrintStream out, int rounds, String workload) {
		List<String> targets = new ArrayList<>();
		for (String target : TARGETS) {
			if (this.figures.values().stream().anyMatch((figure) -> figure.values.containsKey(target))) {
				targets.add(target);
			}
		}
		List<String> others = new ArrayList<>();
		if (targets.contains(DSMQ)) {
			targets.stream().filter((target) -> !target.equals(DSMQ)).forEach(others::add);
		}
		out.printf("%nMedians of %d interleaved rounds; %s.%n", rounds, workload);
		if (!others.isEmpty()) {
			out.println("Ratios: dsmq against each of the others, above 1 means dsmq is better; against the floor,"
					+ " how close dsmq comes to it (1 is the floor).");
		}
		out.println();
		StringBuilder header = new StringBuilder("| figure |");
		StringBuilder rule = new StringBuilder("|---|");
		for (String other : others) {
			header.append(" dsmq/").append(SHORT_TITLES.get(other)).append(" |");
			rule.append("---|");
		}
		for (String target : targets) {
			header.append(' ').append(TITLES.get(target)).append(" |");
			rule.append("---|");
		}
		out.println(header);
		out.println(rule);
		this.figures.forEach((name, figure) -> {
			StringBuilder row = new StringBuilder("| ").append(name).append(" |");
			List<Double> dsmqValues = figure.values.get(DSMQ);
			for (String other : others) {
				List<Double> values = figure.values.get(other);
				if (dsmqValues == null || values == null) {
					row.append(" - |");
					continue;
				}
				double dsmq = median(dsmqValues);
				double value = median(values);
				if (dsmq == 0 || value == 0) {
					// a count of none, such as connections left unanswered, has no ratio
					row.append(" - |");
					continue;
				}
				double ratio = figure.higherIsBetter ? dsmq / value : value / dsmq;
				row.append(String.format(" %.2fx |", ratio));
			}
			for (String target : targets) {
				List<Double> values = figure.values.get(target);
				row.append(' ').append((values != null) ? figure.format(median(values)) : "-").append(" |");
			}
			out.println(row);
		});
		printIntegrity(out);
	}

	/**
	 * The generations side by side, each with its ratio to framed (dsmq 0.7) where framed was measured: a latency
	 * over framed's, or framed's rate over the generation's, so that above 1 always means slower than framed.
	 */
	void printGenerations(PrintStream out, int rounds, int messages, int size, List<Generation> generations) {
		out.printf("%nGenerations on one dsmq server: medians of %d rounds, each generation's clients doing the same"
				+ " work in turn; %d messages of %d bytes per pubsub run.%n", rounds, messages, size);
		List<Generation> compared = new ArrayList<>(generations);
		boolean framed = compared.remove(Generation.FRAMED);
		if (!framed) {
			compared.clear();
		}
		else if (!compared.isEmpty()) {
			out.println("Ratio: each generation against framed, its latency over framed's and framed's rate over"
					+ " its own; above 1 means slower than framed.");
		}
		out.println();
		StringBuilder header = new StringBuilder("| figure |");
		StringBuilder rule = new StringBuilder("|---|");
		for (Generation generation : compared) {
			header.append(' ').append(generation.tag()).append("/framed |");
			rule.append("---|");
		}
		for (Generation generation : generations) {
			header.append(' ').append(generation.tag()).append(" |");
			rule.append("---|");
		}
		out.println(header);
		out.println(rule);
		this.figures.forEach((name, figure) -> {
			StringBuilder row = new StringBuilder("| ").append(name).append(" |");
			for (Generation generation : compared) {
				double reference = median(figure.values.get(Generation.FRAMED.tag()));
				double value = median(figure.values.get(generation.tag()));
				double ratio = figure.higherIsBetter ? reference / value : value / reference;
				row.append(String.format(" %.2fx |", ratio));
			}
			for (Generation generation : generations) {
				row.append(' ').append(figure.format(median(figure.values.get(generation.tag())))).append(" |");
			}
			out.println(row);
		});
		printIntegrity(out);
	}

	private void printIntegrity(PrintStream out) {
		this.integrity.forEach((target, counts) -> out.printf("%n%s: %d messages lost, %d duplicated in all rounds",
				target, counts[0], counts[1]));
		out.println();
	}

	static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(null);
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	static String format(double value) {
		return (value >= 1000) ? String.format("%,.0f", value) : String.format("%.1f", value);
	}

	private static final class Figure {

		private final boolean higherIsBetter;

		private final boolean count;

		private final Map<String, List<Double>> values = new LinkedHashMap<>();

		Figure(boolean higherIsBetter, boolean count) {
			this.higherIsBetter = higherIsBetter;
			this.count = count;
		}

		String format(double value) {
			return this.count ? String.format("%,.0f", value) : Report.format(value);
		}

	}

}
