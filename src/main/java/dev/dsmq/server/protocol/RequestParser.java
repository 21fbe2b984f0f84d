package dev.dsmq.server.protocol;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.core.json.JsonFactory;

/**
 * Turns a frame body into a {@link Request}: every action, {@code auth} included, goes through the same checks.
 * Besides dsmq's {@code action}, {@code topic} and {@code message}, it reads the extensions {@code id},
 * {@code wait}, {@code after}, {@code meta}, {@code headers} and {@code token}; other fields are ignored, so that
 * clients may send extensions to servers that do not know them. A message may be any JSON value and is kept exactly
 * as it was encoded, and so are a put's headers, once checked.
 * <p>
 * Jackson's read constraints are set to what the protocol allows rather than left at the library's defaults: strings,
 * numbers and names of any length that fits in a body, and nesting to {@link Limits#maxNestingDepth()} levels, since
 * the parser keeps an object for every level it is inside. Property names are canonicalized in a table that the
 * parsers share and that outlives requests, so a body with a name longer than {@link #SHARED_NAME_LENGTH} is read
 * again by a parser with a table of its own ({@link PrivateNamesJsonFactory}): a client cannot make the server keep
 * its long names.
 */
public final class RequestParser {

	/** The longest property name that may enter the shared table of names. */
	static final int SHARED_NAME_LENGTH = 256;

	private final Limits limits;

	private final JsonFactory factory;

	private final JsonFactory privateNames;

	public RequestParser(Limits limits) {
		this.limits = limits;
		StreamReadConstraints constraints = StreamReadConstraints.builder()
			.maxNestingDepth(limits.maxNestingDepth())
			.maxStringLength(Integer.MAX_VALUE)
			.maxNumberLength(Integer.MAX_VALUE)
			.maxNameLength(Integer.MAX_VALUE)
			.build();
		this.factory = JsonFactory.builder()
			.streamReadConstraints(constraints.rebuild().maxNameLength(SHARED_NAME_LENGTH).build())
			.build();
		this.privateNames = new PrivateNamesJsonFactory(JsonFactory.builder().streamReadConstraints(constraints));
	}

	/**
	 * Parse a frame body.
	 * @param body the body of one frame
	 * @return the request
	 * @throws InvalidRequestException if the body is not valid UTF-8 JSON, or not a request
	 */
	public Request parse(byte[] body) throws InvalidRequestException {
		if (!Utf8.isValid(body)) {
			throw new InvalidRequestException(RejectReason.MALFORMED_BODY, true, "body is not valid UTF-8");
		}
		try {
			return parse(body, this.factory);
		}
		catch (LongNameException ex) {
			return parse(body, this.privateNames);
		}
	}

	private Request parse(byte[] body, JsonFactory factory) throws InvalidRequestException {
		RequestFields fields = new RequestFields(body, this.limits);
		try (JsonParser parser = factory.createParser(ObjectReadContext.empty(), body)) {
			JsonToken first = parser.nextToken();
			if (first == null) {
				throw new InvalidRequestException(RejectReason.MALFORMED_BODY, true, "body holds no JSON value");
			}
			fields.read(first, parser);
			if (parser.nextToken() != null) {
				throw new InvalidRequestException(RejectReason.MALFORMED_BODY, true,
						"body has more than one JSON value");
			}
		}
		catch (StreamConstraintsException ex) {
			if (factory == this.factory && ex.getMessage().startsWith("Name length")) {
				throw new LongNameException();
			}
			throw tooDeep(body, fields);
		}
		catch (UnexpectedEndOfInputException ex) {
			throw new InvalidRequestException(RejectReason.MALFORMED_BODY, true,
					"body is not valid JSON: it ends inside a value");
		}
		catch (JacksonException ex) {
			throw new InvalidRequestException(RejectReason.MALFORMED_BODY, true,
					"body is not valid JSON at byte " + ex.getLocation().getByteOffset());
		}
		return fields.toRequest();
	}

	/**
	 * The refusal of a body that nests deeper than the limit. The body is valid JSON as far as it was read, so it is
	 * answered like a request with a bad field, carrying the id and keeping the connection open; to find an id that
	 * comes after the deep value, the fields are read again with that value left out.
	 */
	private InvalidRequestException tooDeep(byte[] body, RequestFields partial) {
		String reason = "body nests deeper than " + this.limits.maxNestingDepth()
				+ " levels (dsmq.max-nesting-depth)";
		RequestFields fields = partial;
		int start = partial.valueStart();
		int end = (start > 0) ? JsonValues.end(body, start) : -1;
		if (end > 0) {
			byte[] shallow = JsonValues.replace(body, start, end, "null");
			RequestFields again = new RequestFields(shallow, this.limits);
			try (JsonParser parser = this.privateNames.createParser(ObjectReadContext.empty(), shallow)) {
				JsonToken first = parser.nextToken();
				if (first != null) {
					again.read(first, parser);
					fields = again;
				}
			}
			catch (JacksonException ex) {
				// the rest of the body does not parse either; answer with what was read before the deep value
			}
		}
		return new InvalidRequestException(RejectReason.NESTING_TOO_DEEP, fields.expectsReply(), fields.action(),
				fields.id(), reason);
	}

	/**
	 * A name too long for the shared table: the body is read again with a table of its own.
	 */
	private static final class LongNameException extends RuntimeException {

		LongNameException() {
			super(null, null, false, false);
		}

	}

	/**
	 * What a request may hold.
	 * @param maxTopicBytes the longest topic name, in UTF-8 bytes
	 * @param maxNestingDepth the deepest a body's JSON may nest, the request object itself being the first level
	 * @param maxHeaders the most entries the headers of a put may have
	 * @param maxHeadersBytes the most bytes the headers of a put may take, their JSON object as sent
	 */
	public record Limits(int maxTopicBytes, int maxNestingDepth, int maxHeaders, int maxHeadersBytes) {

		/** The server's default limits. */
		public static final Limits DEFAULT = new Limits(1024, 1000, 64, 8192);

		public Limits {
			if (maxTopicBytes < 1 || maxNestingDepth < 1 || maxHeaders < 0 || maxHeadersBytes < 2) {
				throw new IllegalArgumentException("limits must be positive, not " + maxTopicBytes + ", "
						+ maxNestingDepth + ", " + maxHeaders + " and " + maxHeadersBytes);
			}
		}

	}

}
