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
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> RequestParser.parse(body))
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

	private static Request parse(String body) throws InvalidRequestException {
		return RequestParser.parse(body.getBytes(StandardCharsets.UTF_8));
	}

}
