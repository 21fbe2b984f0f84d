package dev.dsmq.client;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to put a message, beyond its topic and body: headers kept with it, and a delay before groups see it.
 * <p>
 * Immutable: each {@code with...} method returns a copy.
 * @param delay how long group reads wait before they see the message; broadcast readers see it at once
 * @param headers string values kept with the message and returned by reads that ask for metadata and by group reads
 * (the server takes at most 64 of them and 8 KiB in all, by default)
 */
public record PutOptions(Duration delay, Map<String, String> headers) {

	private static final PutOptions NONE = new PutOptions(Duration.ZERO, Map.of());

	public PutOptions {
		Objects.requireNonNull(delay, "delay");
		if (delay.isNegative()) {
			throw new IllegalArgumentException("delay of " + delay.toMillis() + " ms must not be negative");
		}
		headers.forEach((name, value) -> {
			Objects.requireNonNull(name, "header name");
			Objects.requireNonNull(value, () -> "value of header '" + name + "'");
		});
		// kept in the order given, so that they go on the wire as the caller wrote them
		headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
	}

	/**
	 * Return the options of a plain put: no delay, no headers.
	 */
	public static PutOptions none() {
		return NONE;
	}

	/**
	 * Return these options with a delay before groups see the message.
	 */
	public PutOptions withDelay(Duration delay) {
		return new PutOptions(delay, this.headers);
	}

	/**
	 * Return these options with one more header, or the header's value replaced.
	 */
	public PutOptions withHeader(String name, String value) {
		Map<String, String> headers = new LinkedHashMap<>(this.headers);
		headers.put(name, value);
		return new PutOptions(this.delay, headers);
	}

	/**
	 * Return these options with these headers instead of any before.
	 */
	public PutOptions withHeaders(Map<String, String> headers) {
		return new PutOptions(this.delay, headers);
	}

}
