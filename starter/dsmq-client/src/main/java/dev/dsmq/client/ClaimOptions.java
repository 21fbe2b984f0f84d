package dev.dsmq.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How to claim a message of a group: for how long, and how long to wait for one.
 * <p>
 * Immutable: each method returns a copy.
 * @param visibility how long the claim lasts before the message is available to the group again, unless deleted;
 * null for the server's default ({@code dsmq.groups.visibility-timeout}, 60 s unless configured)
 * @param maxWait how long the server may hold the reply while nothing is available; zero not to wait
 */
public record ClaimOptions(Duration visibility, Duration maxWait) {

	private static final ClaimOptions DEFAULTS = new ClaimOptions(null, Duration.ZERO);

	public ClaimOptions {
		Objects.requireNonNull(maxWait, "maxWait");
		if (visibility != null && (visibility.isNegative() || visibility.isZero())) {
			throw new IllegalArgumentException("visibility of " + visibility.toMillis() + " ms must be positive");
		}
		if (maxWait.isNegative()) {
			throw new IllegalArgumentException("wait of " + maxWait.toMillis() + " ms must not be negative");
		}
	}

	/**
	 * Claim for the server's default visibility timeout, without waiting.
	 */
	public static ClaimOptions defaults() {
		return DEFAULTS;
	}

	/**
	 * Return these options with a claim that lasts the given time.
	 */
	public ClaimOptions visibility(Duration visibility) {
		return new ClaimOptions(visibility, this.maxWait);
	}

	/**
	 * Return these options waiting up to the given time for a message to become available; the server caps the wait.
	 */
	public ClaimOptions waiting(Duration wait) {
		return new ClaimOptions(this.visibility, wait);
	}

}
