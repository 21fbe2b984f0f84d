package dev.dsmq.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The dsmq wire generations the server's one port speaks (the protocol's section 6), each with the client that
 * speaks it.
 */
enum Generation {

	/** dsmq 0.7: each body behind its 23-byte header, over TCP. */
	FRAMED {
		@Override
		QueueClient connect(int port) throws IOException {
			return new DsmqClient(port);
		}
	},

	/** dsmq 0.1-0.4: bare JSON objects back to back, over TCP. */
	HEADERLESS {
		@Override
		QueueClient connect(int port) throws IOException {
			return new HeaderlessClient(port);
		}
	};

	private final String tag = name().toLowerCase(Locale.ROOT);

	abstract QueueClient connect(int port) throws IOException;

	/** The generation's name on the command line and in the report, such as {@code websocket}. */
	String tag() {
		return this.tag;
	}

	/**
	 * The generations a comma-separated list names, in the order given; {@code none} names none, and no list all.
	 */
	static List<Generation> parse(String list) {
		List<Generation> generations = new ArrayList<>();
		if (list == null) {
			generations.addAll(Arrays.asList(values()));
			return generations;
		}
		if (list.equals("none")) {
			return generations;
		}
		for (String name : list.split(",")) {
			Generation generation = null;
			for (Generation candidate : values()) {
				if (candidate.tag.equals(name.trim())) {
					generation = candidate;
				}
			}
			if (generation == null) {
				throw new IllegalArgumentException("--generations takes "
						+ Arrays.stream(values()).map(Generation::tag).collect(Collectors.joining(", "))
						+ ", comma-separated, or none; got " + name);
			}
			if (!generations.contains(generation)) {
				generations.add(generation);
			}
		}
		return generations;
	}

}
