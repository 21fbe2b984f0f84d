package dev.dsmq.client.autoconfigure;

/**
 * Told how each call of a {@link DsmqListener} method ended, for metrics.
 */
@FunctionalInterface
interface ListenerObserver {

	ListenerObserver NONE = (topic, succeeded) -> {
	};

	void invoked(String topic, boolean succeeded);

}
