package dev.dsmq.server.protocol;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Frame bodies into requests, and every way a body can be refused.
 */
class RequestParserTests {

	private static final RequestParser PARSER = new RequestParser(RequestParser.Limits.DEFAULT);

	@Test
	void parsesPutKeepingTheMessageEscapesByteForByte() throws InvalidRequestException {
		String message = "\"a\\\"b\\\\c\\u00e9\\n\"";
		Request request = parse("{\"action\": \"put\", \"topic\": \"t\", \"message\": " + message + "}");
		assertThat(request.action()).isEqualTo(Action.PUT);
		assertThat(request.topic()).isEqualTo("t");
		assertThat(request.message()).asString(StandardCharsets.US_ASCII).isEqualTo(message);
	}

	@Test
	void parsesPutKeepingRawMultiByteCharactersByteForByte() throws InvalidRequestException {
		String message = "\"\u00e9 \ud83d\ude00 \\ud83d\\ude00 \u2028\"";
		Request request = parse("{\"action\": \"put\", \"topic\": \"\ud83d\ude00\", \"message\": " + message + "}");
		assertThat(request.topic()).isEqualTo("\ud83d\ude00");
		assertThat(request.message()).isEqualTo(message.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void keepsOnlyTheMessageValueWhateverTheWhitespaceAroundIt() throws InvalidRequestException {
		Request request = parse("{ \"action\" : \"put\" ,\n\t\"topic\":\"t\", \"message\"  :\r\n  \"m \"  \n}");
		assertThat(request.message()).asString(StandardCharsets.UTF_8).isEqualTo("\"m \"");
	}

	@Test
	void keepsALargeMessageWhole() throws InvalidRequestException {
		String message = "\"" + "\u00e9\\u00e9".repeat(100_000) + "\"";
		Request request = parse("{\"action\": \"put\", \"topic\": \"t\", \"message\": " + message + "}");
		assertThat(request.message()).isEqualTo(message.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void decodesEscapesInTheTopic() throws InvalidRequestException {
		assertThat(parse("{\"action\": \"get\", \"topic\": \"t\\u00e9\\/\"}").topic()).isEqualTo("t\u00e9/");
	}

	@ParameterizedTest
	@CsvSource({ "get, GET", "get_latest, GET_LATEST" })
	void parsesReads(String wireName, Action action) throws InvalidRequestException {
		Request request = parse("{\"action\": \"" + wireName + "\", \"topic\": \"t\u00e9\"}");
		assertThat(request.action()).isEqualTo(action);
		assertThat(request.topic()).isEqualTo("t\u00e9");
		assertThat(request.message()).isNull();
	}

	@Test
	void parsesShutdownWithOrWithoutTopic() throws InvalidRequestException {
		assertThat(parse("{\"action\": \"shutdown\", \"topic\": \"\"}").action()).isEqualTo(Action.SHUTDOWN);
		Request request = parse("{\"action\": \"shutdown\"}");
		assertThat(request.action()).isEqualTo(Action.SHUTDOWN);
		assertThat(request.topic()).isEmpty();
		assertThat(request.message()).isNull();
	}

	@Test
	void acceptsFieldsInAnyOrder() throws InvalidRequestException {
		Request request = parse("{\"message\": \"m\", \"topic\": \"t\", \"action\": \"put\"}");
		assertThat(request.topic()).isEqualTo("t");
		assertThat(request.message()).isEqualTo("\"m\"".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void ignoresFieldsItDoesNotKnow() throws InvalidRequestException {
		Request request = parse("{\"priority\": 7, \"action\": \"put\", \"ttl\": [1, {\"x\": null}], \"topic\": \"t\", "
				+ "\"extra\": {\"message\": 1}, \"message\": \"m\"}");
		assertThat(request.action()).isEqualTo(Action.PUT);
		assertThat(request.message()).isEqualTo("\"m\"".getBytes(StandardCharsets.UTF_8));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "{\"topic\": \"t\"}|\"action\" is missing",
			"{\"action\": 1, \"topic\": \"t\"}|\"action\" must be a string",
			"{\"action\": \"put\", \"message\": \"m\"}|\"topic\" is missing",
			"{\"action\": \"put\", \"topic\": null, \"message\": \"m\"}|\"topic\" must be a string",
			"{\"action\": \"put\", \"topic\": \"t\"}|\"message\" is missing",
			"{\"action\": \"put\", \"topic\": [\"t\"], \"message\": \"m\"}|\"topic\" must be a string" })
	void refusesMissingOrWronglyTypedFieldsWithoutReplyWhenTheActionHasNone(String body, String reason) {
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> parse(body))
			.withMessage(reason)
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(RejectReason.INVALID_FIELD);
				assertThat(ex.isReplyExpected()).isFalse();
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "get", "get_latest" })
	void refusesReadsWithAWronglyTypedTopicWithAReply(String action) {
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> parse("{\"action\": \"" + action + "\", \"topic\": [\"t\"]}"))
			.withMessage("\"topic\" must be a string")
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(RejectReason.INVALID_FIELD);
				assertThat(ex.isReplyExpected()).isTrue();
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "get", "get_latest" })
	void refusesReadsWithoutTopicWithAReply(String action) {
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> parse("{\"action\": \"" + action + "\", \"message\": \"t\"}"))
			.withMessage("\"topic\" is missing")
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(RejectReason.INVALID_FIELD);
				assertThat(ex.getReason().closesConnection()).isFalse();
				assertThat(ex.isReplyExpected()).isTrue();
			});
	}

	@ParameterizedTest
	@CsvSource({ "put, false", "get, true", "get_latest, true" })
	void refusesATopicWithAnUnpairedSurrogate(String action, boolean replyExpected) {
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> parse("{\"action\": \"" + action + "\", \"topic\": \"a\\ud800\", \"message\": \"m\"}"))
			.withMessageContaining("unpaired surrogate")
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(RejectReason.INVALID_FIELD);
				assertThat(ex.isReplyExpected()).isEqualTo(replyExpected);
			});
	}

	@Test
	void acceptsATopicWithPairedSurrogates() throws InvalidRequestException {
		assertThat(parse("{\"action\": \"get\", \"topic\": \"\\ud83d\\ude00\"}").topic()).isEqualTo("\ud83d\ude00");
	}

	@Test
	void refusesAnUnknownActionWithoutReply() {
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> parse("{\"action\": \"get_wait\", \"topic\": \"t\"}"))
			.withMessage("unknown action \"get_wait\"")
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(RejectReason.UNKNOWN_ACTION);
				assertThat(ex.isReplyExpected()).isFalse();
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "[\"put\"]", "\"get\"", "42", "null" })
	void refusesJsonThatIsNotAnObjectWithoutReply(String body) {
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> parse(body))
			.withMessage("body is not a JSON object")
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(RejectReason.INVALID_FIELD);
				assertThat(ex.isReplyExpected()).isFalse();
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "c3 28", "c0 af", "ed a0 80", "f8 88 80 80 80", "e2 82", "ff" })
	void refusesInvalidUtf8AsBrokenFraming(String hex) {
		byte[] bad = HexFormat.ofDelimiter(" ").parseHex(hex);
		byte[] prefix = "{\"action\": \"put\", \"topic\": \"t\", \"message\": \"".getBytes(StandardCharsets.UTF_8);
		byte[] body = new byte[prefix.length + bad.length + 2];
		System.arraycopy(prefix, 0, body, 0, prefix.length);
		System.arraycopy(bad, 0, body, prefix.length, bad.length);
		body[body.length - 2] = '"';
		body[body.length - 1] = '}';
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> PARSER.parse(body))
			.withMessage("body is not valid UTF-8")
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(RejectReason.MALFORMED_BODY);
				assertThat(ex.getReason().closesConnection()).isTrue();
				assertThat(ex.isReplyExpected()).isTrue();
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " \n", "{\"action\": \"get\", \"topic\": ", "{\"action\": \"get\"} x",
			"{\"action\": 'get'}", "{\"a\": \"unescaped \u0001 control\"}", "{} {}", "{\"action\": \"get\",}",
			"{\"action\": \"get\", \"topic\": \"t\"}]" })
	void refusesInvalidJsonAsBrokenFraming(String body) {
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> parse(body))
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(RejectReason.MALFORMED_BODY);
				assertThat(ex.getReason().closesConnection()).isTrue();
				assertThat(ex.isReplyExpected()).isTrue();
				assertThat(ex.getMessage()).startsWith("body ");
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "3", "-0.5e10", "null", "true", "false", "{\"a\": [1, \"}\"]}", "[]", "\"\"",
			"{ }", "[1,2 , {\"b\":null}]" })
	void acceptsAnyJsonValueAsMessageKeepingItsEncoding(String message) throws InvalidRequestException {
		Request request = parse("{\"action\": \"put\", \"topic\": \"t\", \"message\": " + message + " , \"x\": 1}");
		assertThat(request.message()).asString(StandardCharsets.UTF_8).isEqualTo(message);
	}

	@ParameterizedTest
	@ValueSource(strings = { "7", "\"a-1\"", "-1.5e3", "\"\\u00e9\"" })
	void keepsTheIdAsItWasEncoded(String id) throws InvalidRequestException {
		Request put = parse("{\"id\": " + id + ", \"action\": \"put\", \"topic\": \"t\", \"message\": \"m\"}");
		Request get = parse("{\"action\": \"get\", \"topic\": \"t\", \"id\":" + id + "}");
		assertThat(put.id()).asString(StandardCharsets.UTF_8).isEqualTo(id);
		assertThat(get.id()).asString(StandardCharsets.UTF_8).isEqualTo(id);
		assertThat(put.isAnswered()).isTrue();
	}

	@Test
	void aPlainPutIsNotAnswered() throws InvalidRequestException {
		Request put = parse("{\"action\": \"put\", \"topic\": \"t\", \"message\": \"m\"}");
		assertThat(put.id()).isNull();
		assertThat(put.isAnswered()).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "null", "true", "[1]", "{\"n\": 1}" })
	void refusesAnIdThatIsNeitherStringNorNumberWithAReply(String id) {
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> parse("{\"id\": " + id + ", \"action\": \"put\", \"topic\": \"t\", \"message\": 1}"))
			.withMessage("\"id\" must be a string or a number")
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(RejectReason.INVALID_FIELD);
				assertThat(ex.isReplyExpected()).isTrue();
				assertThat(ex.getId()).isNull();
			});
	}

	@Test
	void refusalsOfRequestsWithAnIdCarryItAndExpectAReply() {
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> parse("{\"id\": \"p1\", \"action\": \"put\", \"topic\": \"t\"}"))
			.satisfies((ex) -> {
				assertThat(ex.isReplyExpected()).isTrue();
				assertThat(ex.getId()).asString(StandardCharsets.UTF_8).isEqualTo("\"p1\"");
			});
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> parse("{\"id\": 9, \"action\": \"publish\", \"topic\": \"t\"}"))
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(RejectReason.UNKNOWN_ACTION);
				assertThat(ex.isReplyExpected()).isTrue();
				assertThat(ex.getId()).asString(StandardCharsets.UTF_8).isEqualTo("9");
			});
	}

	@ParameterizedTest
	@CsvSource({ "0, 0", "2, 2000", "0.25, 250", "1e-3, 1" })
	void readsWaitAsSeconds(String wait, long millis) throws InvalidRequestException {
		Request get = parse("{\"action\": \"get\", \"topic\": \"t\", \"wait\": " + wait + "}");
		Request latest = parse("{\"action\": \"get_latest\", \"topic\": \"t\", \"wait\": " + wait + "}");
		assertThat(get.longPoll()).isEqualTo(Duration.ofMillis(millis));
		assertThat(latest.longPoll()).isEqualTo(Duration.ofMillis(millis));
	}

	@Test
	void aReadWithoutWaitDoesNotWait() throws InvalidRequestException {
		assertThat(parse("{\"action\": \"get\", \"topic\": \"t\"}").longPoll()).isNull();
	}

	@Test
	void ignoresWaitOnAPut() throws InvalidRequestException {
		assertThat(parse("{\"action\": \"put\", \"topic\": \"t\", \"message\": 1, \"wait\": \"x\"}").longPoll())
			.isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "-1", "-0.5", "\"5\"", "null", "[5]" })
	void refusesAWaitThatIsNotANonNegativeNumberWithAReply(String wait) {
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> parse("{\"action\": \"get\", \"topic\": \"t\", \"wait\": " + wait + "}"))
			.withMessage("\"wait\" must be a non-negative number of seconds")
			.satisfies((ex) -> assertThat(ex.isReplyExpected()).isTrue());
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "42", "-0", "9223372036854775807" })
	void readsAfterAsASequenceNumber(String after) throws InvalidRequestException {
		Request get = parse("{\"action\": \"get\", \"topic\": \"t\", \"after\": " + after + "}");
		Request latest = parse("{\"action\": \"get_latest\", \"topic\": \"t\", \"after\": " + after + "}");
		assertThat(get.after()).isEqualTo(Long.parseLong(after));
		assertThat(latest.after()).isEqualTo(Long.parseLong(after));
	}

	@Test
	void aReadWithoutAfterReadsFromItsPosition() throws InvalidRequestException {
		assertThat(parse("{\"action\": \"get\", \"topic\": \"t\"}").after()).isNull();
	}

	@Test
	void ignoresAfterOnAPut() throws InvalidRequestException {
		assertThat(parse("{\"action\": \"put\", \"topic\": \"t\", \"message\": 1, \"after\": -1}").after()).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "-1", "0.0", "1e2", "\"5\"", "null", "true", "{}", "9223372036854775808",
			"-9223372036854775809" })
	void refusesAnAfterThatIsNotASequenceNumberWithAReply(String after) {
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> parse("{\"action\": \"get\", \"topic\": \"t\", \"after\": " + after + ", \"id\": 4}"))
			.withMessage("\"after\" must be a sequence number: an integer of 0 or more")
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(RejectReason.INVALID_FIELD);
				assertThat(ex.getId()).asString(StandardCharsets.US_ASCII).isEqualTo("4");
			});
	}

	@Test
	void refusesAnAfterOfTooManyDigitsWithoutConvertingIt() {
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> parse("{\"action\": \"get\", \"topic\": \"t\", \"after\": " + "1".repeat(1_000_000)
					+ "}"))
			.withMessage("\"after\" must be a sequence number: an integer of 0 or more");
	}

	@ParameterizedTest
	@CsvSource({ "true, true", "false, false" })
	void readsMetaAsABoolean(String meta, boolean expected) throws InvalidRequestException {
		assertThat(parse("{\"action\": \"get\", \"topic\": \"t\", \"meta\": " + meta + "}").meta()).isEqualTo(expected);
		assertThat(parse("{\"action\": \"get_latest\", \"topic\": \"t\", \"meta\": " + meta + "}").meta())
			.isEqualTo(expected);
	}

	@Test
	void aReadWithoutMetaAsksForNoMetadataAndAPutCannotAskForIt() throws InvalidRequestException {
		assertThat(parse("{\"action\": \"get\", \"topic\": \"t\"}").meta()).isFalse();
		assertThat(parse("{\"action\": \"put\", \"topic\": \"t\", \"message\": 1, \"meta\": true}").meta()).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "1", "0", "\"true\"", "null", "[]" })
	void refusesAMetaThatIsNotTrueOrFalseWithAReply(String meta) {
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> parse("{\"action\": \"get_latest\", \"topic\": \"t\", \"meta\": " + meta + "}"))
			.withMessage("\"meta\" must be true or false")
			.satisfies((ex) -> assertThat(ex.isReplyExpected()).isTrue());
	}

	@Test
	void keepsThePutsHeadersAsTheyWereEncoded() throws InvalidRequestException {
		String headers = "{ \"traceparent\" : \"00-0af7-b7ad-01\",\"\u00e9\\u00e9\": \"a\\\"b\\n\" }";
		Request request = parse("{\"action\": \"put\", \"topic\": \"t\", \"headers\": " + headers
				+ ", \"message\": 1}");
		assertThat(request.headers()).asString(StandardCharsets.UTF_8).isEqualTo(headers);
		assertThat(request.message()).asString(StandardCharsets.UTF_8).isEqualTo("1");
	}

	@Test
	void aPutWithoutHeadersOrWithAnEmptyObjectHasNone() throws InvalidRequestException {
		assertThat(parse("{\"action\": \"put\", \"topic\": \"t\", \"message\": 1}").headers()).isNull();
		assertThat(parse("{\"action\": \"put\", \"topic\": \"t\", \"message\": 1, \"headers\": { }}").headers())
			.isNull();
	}

	@Test
	void ignoresHeadersOnARead() throws InvalidRequestException {
		assertThat(parse("{\"action\": \"get\", \"topic\": \"t\", \"headers\": {\"a\": 1}}").headers()).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "null", "\"a: b\"", "[\"a\"]", "{\"a\": 1}", "{\"a\": \"b\", \"c\": null}",
			"{\"a\": {\"b\": \"c\"}}", "{\"a\": [\"b\"]}" })
	void refusesHeadersThatAreNotAnObjectOfStrings(String headers) {
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> parse("{\"action\": \"put\", \"topic\": \"t\", \"message\": 1, \"headers\": " + headers
					+ "}"))
			.withMessage("\"headers\" must be an object of string values")
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(RejectReason.INVALID_FIELD);
				assertThat(ex.isReplyExpected()).isFalse();
			});
	}

	@Test
	void acceptsHeadersAsManyAndAsLargeAsTheLimitsAllow() throws InvalidRequestException {
		RequestParser parser = new RequestParser(new RequestParser.Limits(1024, 1000, 2, 22));
		String headers = "{\"a\": \"1\", \"b\": \"222\"}";
		assertThat(headers).hasSize(22);
		assertThat(parser.parse(("{\"action\": \"put\", \"topic\": \"t\", \"message\": 1, \"headers\": " + headers
				+ "}").getBytes(StandardCharsets.UTF_8)).headers()).asString(StandardCharsets.UTF_8).isEqualTo(headers);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"{\"a\": \"1\", \"b\": \"2\", \"c\": \"3\"}|"
					+ "\"headers\" has 3 entries, more than the 2 allowed (dsmq.max-headers)",
			"{\"a\": \"1\", \"b\": \"2223\"}|"
					+ "\"headers\" of 23 bytes exceeds the 22-byte limit (dsmq.max-headers-size)" })
	void refusesHeadersOverTheLimitsSayingWhichWithTheId(String headers, String reason) {
		RequestParser parser = new RequestParser(new RequestParser.Limits(1024, 1000, 2, 22));
		byte[] body = ("{\"action\": \"put\", \"topic\": \"t\", \"message\": 1, \"id\": 8, \"headers\": " + headers
				+ "}").getBytes(StandardCharsets.UTF_8);
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> parser.parse(body))
			.withMessage(reason)
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(RejectReason.HEADERS_TOO_LARGE);
				assertThat(ex.getId()).asString(StandardCharsets.US_ASCII).isEqualTo("8");
				assertThat(ex.isReplyExpected()).isTrue();
			});
	}

	@Test
	void acceptsMessagesNestedAsDeepAsTheLimitAllows() throws InvalidRequestException {
		// the request object is the first level
		String message = "[".repeat(999) + "]".repeat(999);
		Request request = parse("{\"action\": \"put\", \"topic\": \"t\", \"message\": " + message + "}");
		assertThat(request.message()).asString(StandardCharsets.US_ASCII).isEqualTo(message);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "put|false", "get|true" })
	void refusesABodyNestedDeeperThanTheLimitKeepingTheIdThatFollowsIt(String action, boolean hasReply) {
		String deep = "[".repeat(1000) + "]".repeat(1000);
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> parse("{\"action\": \"" + action + "\", \"topic\": \"t\", \"message\": " + deep
					+ ", \"id\": \"after\"}"))
			.withMessage("body nests deeper than 1000 levels (dsmq.max-nesting-depth)")
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(RejectReason.NESTING_TOO_DEEP);
				assertThat(ex.getReason().closesConnection()).isFalse();
				assertThat(ex.getId()).asString(StandardCharsets.UTF_8).isEqualTo("\"after\"");
				assertThat(ex.isReplyExpected()).isTrue();
			});
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> parse("{\"action\": \"" + action + "\", \"topic\": \"t\", \"x\": " + deep + "}"))
			.satisfies((ex) -> assertThat(ex.isReplyExpected()).isEqualTo(hasReply));
	}

	@Test
	void acceptsNumbersAndNamesOfAnyLengthInAMessage() throws InvalidRequestException {
		String message = "{\"" + "n".repeat(60_000) + "\": " + "9".repeat(5_000) + ".5e-7, \"b\": -" + "1".repeat(2_000) + "}";
		Request request = parse("{\"action\": \"put\", \"topic\": \"t\", \"message\": " + message + "}");
		assertThat(request.message()).asString(StandardCharsets.US_ASCII).isEqualTo(message);
	}

	@Test
	void longNamesAreNotKeptAfterTheirBodyIsParsed() throws InvalidRequestException {
		Runtime runtime = Runtime.getRuntime();
		long before = usedAfterCollection(runtime);
		for (int i = 0; i < 300; i++) {
			String name = String.format("%06d", i) + "n".repeat(200_000);
			parse("{\"action\": \"put\", \"topic\": \"t\", \"message\": {\"" + name + "\": 1}}");
		}
		// kept in a shared table of names, 300 names of 200 KB would hold at least 60 MB
		assertThat(usedAfterCollection(runtime) - before).isLessThan(20_000_000);
	}

	private static long usedAfterCollection(Runtime runtime) {
		System.gc();
		return runtime.totalMemory() - runtime.freeMemory();
	}

	@Test
	void refusesAWaitOfTooManyDigitsWithoutConvertingIt() {
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> parse("{\"action\": \"get\", \"topic\": \"t\", \"wait\": " + "1".repeat(1_000_000) + "}"))
			.withMessage("\"wait\" must be a non-negative number of seconds");
	}

	@Test
	void acceptsATopicAsLongAsTheLimitInUtf8Bytes() throws InvalidRequestException {
		String topic = "\u00e9".repeat(512);
		assertThat(parse("{\"action\": \"get\", \"topic\": \"" + topic + "\"}").topic()).isEqualTo(topic);
		String escaped = "\\u00e9".repeat(512);
		assertThat(parse("{\"action\": \"get\", \"topic\": \"" + escaped + "\"}").topic()).isEqualTo(topic);
	}

	@ParameterizedTest
	@CsvSource({ "put, false", "get, true" })
	void refusesATopicLongerThanTheLimit(String action, boolean replyExpected) {
		String topic = "\u00e9".repeat(512) + "x";
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> parse("{\"action\": \"" + action + "\", \"topic\": \"" + topic + "\", \"message\": 1}"))
			.withMessage("\"topic\" of 1025 bytes exceeds the 1024-byte limit (dsmq.max-topic-length)")
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(RejectReason.TOPIC_TOO_LONG);
				assertThat(ex.isReplyExpected()).isEqualTo(replyExpected);
			});
	}

	@Test
	void refusesAHugeTopicWithoutDecodingIt() {
		String topic = "t".repeat(8_000_000);
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> parse("{\"action\": \"get\", \"topic\": \"" + topic + "\"}"))
			.withMessage("\"topic\" of 8000000 bytes exceeds the 1024-byte limit (dsmq.max-topic-length)");
	}

	@Test
	void unknownActionIsQuotedEscapedInTheReasonAndALongOneOnlyMeasured() {
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> parse("{\"action\": \"x\\nShutting down, as \\\"asked\\u202e\", \"topic\": \"t\"}"))
			.withMessage("unknown action \"x\\nShutting down, as \\\"asked\\u202e\"");
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> parse("{\"action\": \"" + "a".repeat(8_000_000) + "\", \"topic\": \"t\"}"))
			.withMessage("unknown action of 8000000 bytes");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"action\": \"get\", \"topic\": x}", "{\"action\": \"get\", \"topic\": \"t\"} x",
			"{\"action\": [1, 2}", "{\"a\": \"\u0001\"}" })
	void reasonsForInvalidJsonSpeakOfTheRequestNotTheLibrary(String body) {
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> parse(body))
			.satisfies((ex) -> assertThat(ex.getMessage()).matches("body is not valid JSON at byte \\d+"));
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> parse("{\"action\": \"get\", \"topic\": \"t"))
			.withMessage("body is not valid JSON: it ends inside a value");
	}

	@Test
	void parsesAuthWithItsTokenAndNeverShowsTheToken() throws InvalidRequestException {
		Request auth = parse("{\"id\": 1.50, \"action\": \"auth\", \"token\": \"t\\u00e9k\"}");
		assertThat(auth.action()).isEqualTo(Action.AUTH);
		assertThat(auth.token()).isEqualTo("t\u00e9k".getBytes(StandardCharsets.UTF_8));
		assertThat(auth.id()).asString(StandardCharsets.UTF_8).isEqualTo("1.50");
		assertThat(auth.toString()).contains("token=(hidden)").doesNotContain("t\u00e9k");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"action\": \"auth\"}", "{\"action\": \"auth\", \"token\": [\"t\"]}" })
	void refusesAnAuthWithoutATokenString(String body) {
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> parse(body))
			.withMessage("\"token\" is missing or not a string")
			.satisfies((ex) -> {
				assertThat(ex.getAction()).isEqualTo(Action.AUTH);
				assertThat(ex.isReplyExpected()).isTrue();
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"action\": \"auth\", \"token\": \"t\"} x", "{\"action\": \"auth\", \"token\": \"t\"} {}" })
	void refusesAnAuthWithTrailingContentAsBrokenFraming(String body) {
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> parse(body))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(RejectReason.MALFORMED_BODY));
	}

	private static Request parse(String body) throws InvalidRequestException {
		return PARSER.parse(body.getBytes(StandardCharsets.UTF_8));
	}

}
