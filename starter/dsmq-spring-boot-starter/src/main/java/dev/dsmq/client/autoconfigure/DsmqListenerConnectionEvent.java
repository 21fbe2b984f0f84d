package dev.dsmq.client.autoconfigure;

import org.springframework.context.ApplicationEvent;

/**
 * What became of the connection of a {@link DsmqListener}, published as an application event: connected, lost, or
 * reading again after a loss. A listener with several consumers publishes for each.
 */
public abstract class DsmqListenerConnectionEvent extends ApplicationEvent {

	private final String listenerId;

	private final String topic;

	private final String group;

	DsmqListenerConnectionEvent(Object source, String listenerId, String topic, String group) {
		super(source);
		this.listenerId = listenerId;
		this.topic = topic;
		this.group = group;
	}

	/**
	 * Return the id of the listener, as in the {@link DsmqListenerRegistry}.
	 */
	public String getListenerId() {
		return this.listenerId;
	}

	public String getTopic() {
		return this.topic;
	}

	/**
	 * Return the group the listener consumes the topic as, empty for a broadcast listener.
	 */
	public String getGroup() {
		return this.group;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + this.listenerId + "]";
	}

	/**
	 * The listener has connected to the server for the first time.
	 */
	public static final class Connected extends DsmqListenerConnectionEvent {

		Connected(Object source, String listenerId, String topic, String group) {
			super(source, listenerId, topic, group);
		}

	}

	/**
	 * The listener's reads fail: the server is gone or refuses it. It retries with backoff.
	 */
	public static final class Lost extends DsmqListenerConnectionEvent {

		private final Exception cause;

		Lost(Object source, String listenerId, String topic, String group, Exception cause) {
			super(source, listenerId, topic, group);
			this.cause = cause;
		}

		/**
		 * Return why the read failed.
		 */
		public Exception getCause() {
			return this.cause;
		}

	}

	/**
	 * The listener reads again after it was lost.
	 */
	public static final class Reconnected extends DsmqListenerConnectionEvent {

		Reconnected(Object source, String listenerId, String topic, String group) {
			super(source, listenerId, topic, group);
		}

	}

}
