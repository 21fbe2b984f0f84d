package dev.dsmq.server.protocol;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A request as read from the wire.
 * @param action what the peer asks for
 * @param topic the topic, empty for {@code shutdown} and {@code auth}
 * @param message for {@code put}, the message exactly as it was encoded in the request: the UTF-8 bytes of one JSON
 * value, quotes and escapes included, so that it can be sent back without being decoded and encoded again
 * @param id the request's {@code id} extension as encoded, a JSON string or number; a request with an id is always
 * answered, and the answer carries the id
 * @param longPoll the {@code wait} extension of a read: how long to hold the reply while nothing is eligible
 * @param token for {@code auth}, the token as UTF-8 bytes; {@link #toString()} never shows it
 * @param after the {@code after} extension of a read: the sequence number to read after, as if the connection's
 * position in the topic were there
 * @param meta the {@code meta} extension of a read: whether a reply with a message also carries its sequence number
 * and when it was put
 * @param headers the {@code headers} extension of a put: a JSON object of string values exactly as it was encoded,
 * kept with the message; null for none, and for an empty object
 * @param group the work-queue group, for a {@code get} of a group and for the actions of groups alone
 * @param visibility for a {@code get} of a group, how long the claim lasts; null for the server's default
 * @param delay for {@code put}, how long groups wait before they may claim the message; for {@code release}, before
 * the message is available again; null for none
 * @param sequence for {@code delete} and {@code release}, the sequence number of the message; 0 for other actions
 */
public record Request(Action action, String topic, byte @Nullable [] message, byte @Nullable [] id,
		@Nullable Duration longPoll, byte @Nullable [] token, @Nullable Long after, boolean meta,
		byte @Nullable [] headers, @Nullable String group, @Nullable Duration visibility, @Nullable Duration delay,
		long sequence) {

	public Request {
		if ((action == Action.PUT) != (message != null)) {
			throw new IllegalArgumentException("a message goes with put and only with put, not " + action);
		}
		if ((action == Action.AUTH) != (token != null)) {
			throw new IllegalArgumentException("a token goes with auth and only with auth, not " + action);
		}
		if (longPoll != null && (longPoll.isNegative() || !action.isRead())) {
			throw new IllegalArgumentException("a long poll is a non-negative time on a read, not " + longPoll + " on " + action);
		}
		if (after != null && (after < 0 || !action.isRead() || group != null)) {
			throw new IllegalArgumentException("a read position is a non-negative sequence number on a read by "
					+ "position, not " + after + " on " + action + ((group != null) ? " of a group" : ""));
		}
		if (meta && !action.isRead()) {
			throw new IllegalArgumentException("metadata goes with a read, not with " + action);
		}
		if (headers != null && action != Action.PUT) {
			throw new IllegalArgumentException("headers go with put and only with put, not " + action);
		}
		if (group != null ? (group.isEmpty() || !action.takesGroup()) : action.needsGroup()) {
			throw new IllegalArgumentException("a group is a non-empty name on an action of groups, not "
					+ ((group != null) ? ClientText.quote(group) : "none") + " on " + action);
		}
		if (visibility != null && (visibility.isNegative() || visibility.isZero() || group == null
				|| action != Action.GET)) {
			throw new IllegalArgumentException("a visibility is a positive time on a get of a group, not "
					+ visibility + " on " + action);
		}
		if (delay != null && (delay.isNegative() || (action != Action.PUT && action != Action.RELEASE))) {
			throw new IllegalArgumentException("a delay is a non-negative time on put or release, not " + delay
					+ " on " + action);
		}
		if ((sequence > 0) != action.needsSequence() || sequence < 0) {
			throw new IllegalArgumentException("a sequence number is positive on delete and release and goes with "
					+ "them alone, not " + sequence + " on " + action);
		}
	}

	/**
	 * A request without the fields of work-queue groups.
	 */
	public Request(Action action, String topic, byte @Nullable [] message, byte @Nullable [] id,
			@Nullable Duration longPoll, byte @Nullable [] token, @Nullable Long after, boolean meta,
			byte @Nullable [] headers) {
		this(action, topic, message, id, longPoll, token, after, meta, headers, null, null, null, 0);
	}

	/**
	 * Whether the peer reads a reply to this request: it has an id, or its action has a reply.
	 */
	public boolean isAnswered() {
		return this.id != null || this.action.hasReply();
	}

	/**
	 * Whether the request reads a work-queue group rather than the connection's positions.
	 */
	public boolean readsGroup() {
		return this.group != null && this.action.isRead();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Request that && this.action == that.action && this.topic.equals(that.topic)
				&& Arrays.equals(this.message, that.message) && Arrays.equals(this.id, that.id)
				&& Objects.equals(this.longPoll, that.longPoll) && Arrays.equals(this.token, that.token)
				&& Objects.equals(this.after, that.after) && this.meta == that.meta
				&& Arrays.equals(this.headers, that.headers) && Objects.equals(this.group, that.group)
				&& Objects.equals(this.visibility, that.visibility) && Objects.equals(this.delay, that.delay)
				&& this.sequence == that.sequence;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.action, this.topic, Arrays.hashCode(this.message), Arrays.hashCode(this.id),
				this.longPoll, Arrays.hashCode(this.token), this.after, this.meta, Arrays.hashCode(this.headers),
				this.group, this.visibility, this.delay, this.sequence);
	}

	@Override
	public String toString() {
		return "Request[action=" + this.action.wireName() + ", topic=" + ClientText.quote(this.topic) + ", message="
				+ ((this.message != null) ? this.message.length + " bytes" : "none") + ", id="
				+ ((this.id != null) ? ClientText.quote(new String(this.id, StandardCharsets.UTF_8)) : "none")
				+ ", wait=" + this.longPoll + ", token=" + ((this.token != null) ? "(hidden)" : "none") + ", after="
				+ ((this.after != null) ? this.after : "none") + ", meta=" + this.meta + ", headers="
				+ ((this.headers != null) ? this.headers.length + " bytes" : "none")
				+ ((this.group != null) ? ", group=" + ClientText.quote(this.group) : "")
				+ ((this.visibility != null) ? ", visibility=" + this.visibility : "")
				+ ((this.delay != null) ? ", delay=" + this.delay : "")
				+ ((this.sequence > 0) ? ", seq=" + this.sequence : "") + "]";
	}

}
