package dev.dsmq.client;

import java.util.Locale;

/**
 * Told how each request ended, for metrics; called on the thread that completes the request, so it must be quick
 * and must not block.
 */
@FunctionalInterface
public interface RequestObserver {

	/** An observer that ignores everything. */
	RequestObserver NONE = (action, outcome) -> {
	};

	/**
	 * Called once per request.
	 * @param action the wire action: {@code put}, {@code get}, {@code get_latest} or {@code shutdown}
	 * @param outcome how it ended
	 */
	void completed(String action, Outcome outcome);

	/**
	 * How a request ended.
	 */
	enum Outcome {

		/** Acknowledged, or a get that returned a message. */
		OK,
		/** Written without asking for an acknowledgement. */
		SENT,
		/** A get that found nothing eligible. */
		EMPTY,
		/** The server answered with an error. */
		REFUSED,
		/** No reply within the timeout. */
		TIMED_OUT,
		/** Not connected, or the connection was lost. */
		FAILED;

		/**
		 * Return the outcome as a metric tag value.
		 * @return the lower-case name with dashes
		 */
		public String tag() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

	}

}
