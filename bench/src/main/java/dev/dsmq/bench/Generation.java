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
	},

	/** dsmq 1.x: one JSON object per WebSocket text message, on path {@code /}, on Java-WebSocket's client. */
	WEBSOCKET {
		@Override
		QueueClient connect(int port) throws IOException {
			return new WebSocketQueueClient(port);
		}
	},

	/**
	 * dsmq 1.x again, through the same library's RFC 6455 codec with every read and write on the caller's thread, as
	 * the framed and headerless clients do them: the server's WebSocket cost without the client's thread hand-offs.
	 * Compared only when named.
	 */
	WEBSOCKET_INLINE {
		@Override
		QueueClient connect(int port) throws IOException {
			return new WebSocketInlineClient(port);
		}

		@Override
		boolean byDefault() {
			return false;
		}
	};

	private final String tag = name().toLowerCase(Locale.ROOT).replace('_', '-');

	abstract QueueClient connect(int port) throws IOException;

	/** The generation's name on the command line and in the report, such as {@code websocket}. */
	String tag() {
		return this.tag;
	}

	/** Whether a run compares this generation when {@code --generations} does not name any. */
	boolean byDefault() {
		return true;
	}

	/**
	 * The generations a comma-separated list names, in the order given; {@code none} names none, and no list those
	 * compared by default.
	 */
	static List<Generation> parse(String list) {
		List<Generation> generations = new ArrayList<>();
		if (list == null) {
			Arrays.stream(values()).filter(Generation::byDefault).forEach(generations::add);
			return generations;
		}
		if (list.equals("none")) {
			return generations;
		}
		for (String name : list.split(",")) {
			Generation generation = Arrays.stream(values())
				.filter((candidate) -> candidate.tag.equals(name.trim()))
				.findFirst()
				.orElseThrow(() -> new IllegalArgumentException("--generations takes "
						+ Arrays.stream(values()).map(Generation::tag).collect(Collectors.joining(", "))
						+ ", comma-separated, or none; got " + name));
			if (!generations.contains(generation)) {
				generations.add(generation);
			}
		}
		return generations;
	}

}
