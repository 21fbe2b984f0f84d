package dev.dsmq.server.protocol;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The fields of one request body as the parser meets them, then checked against the action. Strings that are kept
 * as encoded (a message, an id) are located by their bytes and never decoded; strings that are decoded (action,
 * topic) are measured first, so that a long one costs no more than its bytes.
 */
final class RequestFields {

	/**
	 * Longer waits are capped by the server anyway, and a longer visibility or delay outlasts any time to live; this
	 * keeps the conversion to nanoseconds in range.
	 */
	private static final double LONGEST_DURATION_SECONDS = 1_000_000;

	/** What a topic's name has appended for the topic its groups' messages are dead-lettered to. */
	private static final String DEAD_LETTER_SUFFIX = ".dead-letter";

	/** The most characters of a {@code wait} that is converted to a number. */
	private static final int LONGEST_NUMBER = 64;

	/** The most characters of an {@code after}: every sequence number fits in a long, of at most 19 digits. */
	private static final int LONGEST_SEQUENCE = 19;

	/** Far longer than any action's name: a longer string is an unknown action, measured but not decoded. */
	private static final int LONGEST_ACTION = ClientText.MAX_QUOTED;

	/** A JSON escape takes at most six bytes for each byte of UTF-8 it stands for. */
	private static final int MOST_BYTES_PER_ESCAPED_BYTE = 6;

	private final byte[] body;

	private final RequestParser.Limits limits;

	private @Nullable String action;

	private int actionLength = -1;

	private @Nullable Name topic;

	private int messageStart = -1;

	private int messageEnd = -1;

	private int idStart = -1;

	private int idEnd = -1;

	private @Nullable Double waitSeconds;

	private @Nullable Name group;

	private @Nullable Double visibilitySeconds;

	private @Nullable Double delaySeconds;

	private long sequence;

	private @Nullable Long after;

	private boolean meta;

	private int headersStart = -1;

	private int headersEnd = -1;

	private int headerEntries;

	private byte @Nullable [] token;

	private boolean isObject = true;

	private final Set<Field> wrongTypes = EnumSet.noneOf(Field.class);

	/** The fields of work-queue groups the body has, whatever their values, to refuse those an action does not take. */
	private final Set<Field> present = EnumSet.noneOf(Field.class);

	/** Where the value of the field being read starts, for the parser to step over a value too deep to read. */
	private int valueStart = -1;

	RequestFields(byte[] body, RequestParser.Limits limits) {
		this.body = body;
		this.limits = limits;
	}

	void read(JsonToken first, JsonParser parser) {
		if (first != JsonToken.START_OBJECT) {
			this.isObject = false;
			parser.skipChildren();
			return;
		}
		String name;
		while ((name = parser.nextName()) != null) {
			JsonToken token = parser.nextToken();
			this.valueStart = (int) parser.currentTokenLocation().getByteOffset();
			readField(name, token, parser);
		}
	}

	private void readField(String name, JsonToken token, JsonParser parser) {
		switch (name) {
			case "action" -> {
				if (token == JsonToken.VALUE_STRING) {
					this.actionLength = stringEnd() - this.valueStart - 2;
					this.action = (this.actionLength <= LONGEST_ACTION) ? parser.getString() : null;
				}
				else {
					wrongType(Field.ACTION, parser);
				}
			}
			case "topic" -> this.topic = readName(Field.TOPIC, token, parser);
			case "message" -> {
				this.messageStart = this.valueStart;
				this.messageEnd = valueEnd(token, parser);
			}
			case "id" -> {
				if (token == JsonToken.VALUE_STRING || token.isNumeric()) {
					this.idStart = this.valueStart;
					this.idEnd = valueEnd(token, parser);
				}
				else {
					wrongType(Field.ID, parser);
				}
			}
			case "wait" -> this.waitSeconds = seconds(Field.WAIT, token, parser);
			case "group" -> {
				this.present.add(Field.GROUP);
				this.group = readName(Field.GROUP, token, parser);
			}
			case "visibility" -> this.visibilitySeconds = seconds(Field.VISIBILITY, token, parser);
			case "delay" -> this.delaySeconds = seconds(Field.DELAY, token, parser);
			case "seq" -> readSequence(token, parser);
			case "after" -> readAfter(token, parser);
			case "meta" -> {
				if (token.isBoolean()) {
					this.meta = token == JsonToken.VALUE_TRUE;
				}
				else {
					wrongType(Field.META, parser);
				}
			}
			case "headers" -> readHeaders(token, parser);
			case "token" -> {
				if (token == JsonToken.VALUE_STRING) {
					this.token = parser.getString().getBytes(StandardCharsets.UTF_8);
				}
				else {
					wrongType(Field.TOKEN, parser);
				}
			}
			default -> parser.skipChildren();
		}
	}

	/**
	 * Read a number of seconds. Converting a number of thousands of digits can take quadratic time; no real duration
	 * needs them.
	 */
	private @Nullable Double seconds(Field field, JsonToken token, JsonParser parser) {
		this.present.add(field);
		if (token.isNumeric() && parser.getStringLength() <= LONGEST_NUMBER) {
			return parser.getDoubleValue();
		}
		wrongType(field, parser);
		return null;
	}

	private void readSequence(JsonToken token, JsonParser parser) {
		this.present.add(Field.SEQ);
		if (token == JsonToken.VALUE_NUMBER_INT && parser.getStringLength() <= LONGEST_NUMBER
				&& parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER && parser.getLongValue() > 0) {
			this.sequence = parser.getLongValue();
		}
		else {
			wrongType(Field.SEQ, parser);
		}
	}

	/**
	 * Read a name, a topic's or a group's: null if it is not a string.
	 */
	private @Nullable Name readName(Field field, JsonToken token, JsonParser parser) {
		if (token != JsonToken.VALUE_STRING) {
			wrongType(field, parser);
			return null;
		}
		long encoded = stringEnd() - this.valueStart - 2;
		if (encoded > (long) MOST_BYTES_PER_ESCAPED_BYTE * this.limits.maxTopicBytes()) {
			// too long however it is escaped: measured, not decoded
			return new Name("", encoded);
		}
		String text = parser.getString();
		return new Name(text, Utf8.length(text));
	}

	private void readAfter(JsonToken token, JsonParser parser) {
		// a number with more digits than a long has is refused unconverted, as a long wait is; a sign adds one
		if (token == JsonToken.VALUE_NUMBER_INT && parser.getStringLength() <= LONGEST_SEQUENCE + 1) {
			JsonParser.NumberType type = parser.getNumberType();
			if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
				this.after = parser.getLongValue();
				return;
			}
		}
		wrongType(Field.AFTER, parser);
	}

	/**
	 * Locate a put's headers and count their entries, checking that every value is a string; the strings are stepped
	 * over, not decoded, since the headers are kept as they were encoded.
	 */
	private void readHeaders(JsonToken token, JsonParser parser) {
		if (token != JsonToken.START_OBJECT) {
			wrongType(Field.HEADERS, parser);
			return;
		}
		this.headersStart = this.valueStart;
		this.headerEntries = 0;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			this.headerEntries++;
			if (parser.nextToken() != JsonToken.VALUE_STRING) {
				this.wrongTypes.add(Field.HEADERS);
				parser.skipChildren();
			}
		}
		this.headersEnd = (int) parser.currentLocation().getByteOffset();
	}

	/**
	 * The end of the value at the current token: a string's closing quote is found in the bytes, so that the parser
	 * skips it without decoding it (still checking it); other values are read through.
	 */
	private int valueEnd(JsonToken token, JsonParser parser) {
		if (token == JsonToken.VALUE_STRING) {
			return stringEnd();
		}
		parser.skipChildren();
		return (int) parser.currentLocation().getByteOffset();
	}

	private int stringEnd() {
		int end = JsonValues.stringEnd(this.body, this.valueStart);
		// a string that does not end is refused by the parser before its end is used
		return (end < 0) ? this.body.length : end;
	}

	private void wrongType(Field field, JsonParser parser) {
		this.wrongTypes.add(field);
		parser.skipChildren();
	}

	int valueStart() {
		return this.valueStart;
	}

	@Nullable Action action() {
		return (this.action != null) ? Action.fromWireName(this.action) : null;
	}

	byte @Nullable [] id() {
		return (this.idStart >= 0 && !this.wrongTypes.contains(Field.ID))
				? Arrays.copyOfRange(this.body, this.idStart, this.idEnd) : null;
	}

	/**
	 * Whether a refusal of this request is answered: it has an id, or its action has a reply.
	 */
	boolean expectsReply() {
		Action action = action();
		return this.idStart >= 0 || this.wrongTypes.contains(Field.ID) || (action != null && action.hasReply());
	}

	Request toRequest() throws InvalidRequestException {
		if (!this.isObject) {
			throw invalid(false, null, "body is not a JSON object");
		}
		if (this.wrongTypes.contains(Field.ID)) {
			throw invalid(true, null, "\"id\" must be a string or a number");
		}
		byte[] id = id();
		Action parsed = action();
		if (parsed == null) {
			if (this.action == null && this.actionLength < 0) {
				throw invalid(false, id, this.wrongTypes.contains(Field.ACTION) ? "\"action\" must be a string"
						: "\"action\" is missing");
			}
			String shown = (this.action != null) ? ClientText.quote(this.action)
					: "of " + this.actionLength + " bytes";
			throw new InvalidRequestException(RejectReason.UNKNOWN_ACTION, false, null, id,
					"unknown action " + shown);
		}
		return switch (parsed) {
			case SHUTDOWN -> new Request(parsed, "", null, id, null, null, null, false, null);
			case AUTH -> auth(id);
			case PUT, GET, GET_LATEST, DELETE, POP, PEEK, RELEASE -> withTopic(parsed, id);
		};
	}

	private Request auth(byte @Nullable [] id) throws InvalidRequestException {
		if (this.token == null) {
			throw invalid(true, id, "\"token\" is missing or not a string");
		}
		return new Request(Action.AUTH, "", null, id, null, this.token, null, false, null);
	}

	private Request withTopic(Action action, byte @Nullable [] id) throws InvalidRequestException {
		boolean answered = action.hasReply();
		Name topic = this.topic;
		if (topic == null) {
			throw invalid(answered, id, this.wrongTypes.contains(Field.TOPIC) ? "\"topic\" must be a string"
					: "\"topic\" is missing");
		}
		check(topic, "topic", RejectReason.TOPIC_TOO_LONG, action, id);
		String group = group(action, topic, id);
		Duration visibility = duration(Field.VISIBILITY, this.visibilitySeconds, action == Action.GET && group != null,
				false, id, "a get of a group");
		Duration delay = duration(Field.DELAY, this.delaySeconds, action == Action.PUT || action == Action.RELEASE,
				true, id, "put and release");
		long sequence = sequence(action, id);
		if (action != Action.PUT) {
			// like a put, delete and release have nothing to wait for, and no position or metadata to read
			boolean read = action.isRead();
			Duration longPoll = read ? longPoll(id) : null;
			Long after = read ? after(id) : null;
			if (after != null && group != null) {
				throw invalid(true, id, "\"after\" goes with a read by position, not with a group's");
			}
			boolean meta = read && meta(id);
			return new Request(action, topic.text(), null, id, longPoll, null, after, meta, null, group, visibility,
					delay, sequence);
		}
		if (this.messageStart < 0) {
			throw invalid(false, id, "\"message\" is missing");
		}
		byte[] headers = headers(id);
		return new Request(action, topic.text(), Arrays.copyOfRange(this.body, this.messageStart, this.messageEnd),
				id, null, null, null, false, headers, null, null, delay, 0);
	}

	/**
	 * Refuse a name, a topic's or a group's, longer than the limit or without a UTF-8 form.
	 * @param tooLong the reason a name too long is refused for
	 */
	private void check(Name name, String field, RejectReason tooLong, Action action, byte @Nullable [] id)
			throws InvalidRequestException {
		boolean answered = action.hasReply();
		if (name.bytes() > this.limits.maxTopicBytes()) {
			throw new InvalidRequestException(tooLong, answered, action, id, "\"" + field + "\" of " + name.bytes()
					+ " bytes exceeds the " + this.limits.maxTopicBytes() + "-byte limit (dsmq.max-topic-length)");
		}
		if (!Utf8.isWellFormed(name.text())) {
			// A JSON escape can spell a lone surrogate; it has no UTF-8 form, so the store would keep it as "?"
			// and merge the name with others.
			throw invalid(answered, id, "\"" + field + "\" must be Unicode text (it has an unpaired surrogate)");
		}
	}

	/**
	 * Return the request's group, checked against its action, null if it has none.
	 */
	private @Nullable String group(Action action, Name topic, byte @Nullable [] id) throws InvalidRequestException {
		boolean answered = action.hasReply();
		if (!this.present.contains(Field.GROUP)) {
			if (action.needsGroup()) {
				throw invalid(answered, id, "\"group\" is missing");
			}
			return null;
		}
		if (!action.takesGroup()) {
			throw invalid(answered, id, "\"group\" goes with get, delete, pop, peek and release");
		}
		Name group = this.group;
		if (group == null || group.bytes() == 0) {
			throw invalid(answered, id, "\"group\" must be a non-empty string");
		}
		check(group, "group", RejectReason.GROUP_TOO_LONG, action, id);
		if (topic.bytes() + DEAD_LETTER_SUFFIX.length() > this.limits.maxTopicBytes()) {
			// the topic a group's messages are dead-lettered to must be one a request can name
			throw new InvalidRequestException(RejectReason.TOPIC_TOO_LONG, answered, action, id,
					"\"topic\" of " + topic.bytes() + " bytes leaves no room for its dead-letter topic, the name and \""
							+ DEAD_LETTER_SUFFIX + "\", within the " + this.limits.maxTopicBytes()
							+ "-byte limit (dsmq.max-topic-length)");
		}
		return group.text();
	}

	/**
	 * Return a duration field, checked against the action, null if the request has none.
	 * @param allowed whether the action takes the field
	 * @param zeroAllowed whether 0 is a value of the field
	 * @param takenBy the actions that take it, for the refusal
	 */
	private @Nullable Duration duration(Field field, @Nullable Double seconds, boolean allowed, boolean zeroAllowed,
			byte @Nullable [] id, String takenBy) throws InvalidRequestException {
		if (!this.present.contains(field)) {
			return null;
		}
		boolean answered = action() != null && action().hasReply();
		String name = "\"" + field.name().toLowerCase(Locale.ROOT) + "\"";
		if (!allowed) {
			throw invalid(answered, id, name + " goes with " + takenBy);
		}
		if (this.wrongTypes.contains(field) || seconds == null || !(zeroAllowed ? seconds >= 0 : seconds > 0)) {
			throw invalid(answered, id,
					name + " must be a " + (zeroAllowed ? "non-negative" : "positive") + " number of seconds");
		}
		return toDuration(seconds);
	}

	private static Duration toDuration(double seconds) {
		return Duration.ofNanos((long) (Math.min(seconds, LONGEST_DURATION_SECONDS) * 1e9));
	}

	/**
	 * Return the request's sequence number, checked against its action, 0 if it has none.
	 */
	private long sequence(Action action, byte @Nullable [] id) throws InvalidRequestException {
		boolean answered = action.hasReply();
		if (!this.present.contains(Field.SEQ)) {
			if (action.needsSequence()) {
				throw invalid(answered, id, "\"seq\" is missing");
			}
			return 0;
		}
		if (!action.needsSequence()) {
			throw invalid(answered, id, "\"seq\" goes with delete and release");
		}
		if (this.wrongTypes.contains(Field.SEQ)) {
			throw invalid(answered, id, "\"seq\" must be a positive integer");
		}
		return this.sequence;
	}

	private @Nullable Duration longPoll(byte @Nullable [] id) throws InvalidRequestException {
		Double seconds = this.waitSeconds;
		if (this.wrongTypes.contains(Field.WAIT) || (seconds != null && !(seconds >= 0))) {
			throw invalid(true, id, "\"wait\" must be a non-negative number of seconds");
		}
		if (seconds == null) {
			return null;
		}
		return toDuration(seconds);
	}

	private @Nullable Long after(byte @Nullable [] id) throws InvalidRequestException {
		if (this.wrongTypes.contains(Field.AFTER) || (this.after != null && this.after < 0)) {
			throw invalid(true, id, "\"after\" must be a sequence number: an integer of 0 or more");
		}
		return this.after;
	}

	/**
	 * Return a put's headers as encoded, once checked against the limits; none for an empty object, which has
	 * nothing to keep.
	 */
	private byte @Nullable [] headers(byte @Nullable [] id) throws InvalidRequestException {
		if (this.wrongTypes.contains(Field.HEADERS)) {
			throw invalid(false, id, "\"headers\" must be an object of string values");
		}
		if (this.headersStart < 0 || this.headerEntries == 0) {
			return null;
		}
		if (this.headerEntries > this.limits.maxHeaders()) {
			throw new InvalidRequestException(RejectReason.HEADERS_TOO_LARGE, false, Action.PUT, id, "\"headers\" has "
					+ this.headerEntries + " entries, more than the " + this.limits.maxHeaders()
					+ " allowed (dsmq.max-headers)");
		}
		int bytes = this.headersEnd - this.headersStart;
		if (bytes > this.limits.maxHeadersBytes()) {
			throw new InvalidRequestException(RejectReason.HEADERS_TOO_LARGE, false, Action.PUT, id, "\"headers\" of "
					+ bytes + " bytes exceeds the " + this.limits.maxHeadersBytes()
					+ "-byte limit (dsmq.max-headers-size)");
		}
		return Arrays.copyOfRange(this.body, this.headersStart, this.headersEnd);
	}

	private boolean meta(byte @Nullable [] id) throws InvalidRequestException {
		if (this.wrongTypes.contains(Field.META)) {
			throw invalid(true, id, "\"meta\" must be true or false");
		}
		return this.meta;
	}

	private InvalidRequestException invalid(boolean replyExpected, byte @Nullable [] id, String message) {
		return new InvalidRequestException(RejectReason.INVALID_FIELD, replyExpected, action(), id, message);
	}

	/**
	 * A name as read: decoded, or, if it is too long however it is escaped, only measured (and empty).
	 * @param text the name
	 * @param bytes its length in UTF-8 bytes
	 */
	private record Name(String text, long bytes) {
	}

	/**
	 * The fields whose type is checked.
	 */
	private enum Field {

		ACTION, TOPIC, ID, WAIT, TOKEN, AFTER, META, HEADERS, GROUP, VISIBILITY, DELAY, SEQ

	}

}
