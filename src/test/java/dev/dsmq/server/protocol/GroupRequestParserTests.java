package dev.dsmq.server.protocol;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The fields of work-queue groups ({@code group}, {@code visibility}, {@code delay}, {@code seq}) and their actions
 * ({@code delete}, {@code pop}, {@code peek}, {@code release}), and every way a request of them can be refused.
 */
class GroupRequestParserTests {

	private static final RequestParser PARSER = new RequestParser(RequestParser.Limits.DEFAULT);

	@Test
	void parsesAGetOfAGroupWithItsVisibility() throws InvalidRequestException {
		Request request = parse("{\"action\": \"get\", \"topic\": \"jobs\", \"group\": \"w\\u00e9\", "
				+ "\"visibility\": 2.5, \"wait\": 1}");
		assertThat(request.action()).isEqualTo(Action.GET);
		assertThat(request.group()).isEqualTo("w\u00e9");
		assertThat(request.visibility()).isEqualTo(Duration.ofMillis(2500));
		assertThat(request.longPoll()).isEqualTo(Duration.ofSeconds(1));
		assertThat(request.readsGroup()).isTrue();
		assertThat(request.isAnswered()).isTrue();
	}

	@Test
	void aGetWithoutAGroupReadsByPosition() throws InvalidRequestException {
		Request request = parse("{\"action\": \"get\", \"topic\": \"jobs\"}");
		assertThat(request.group()).isNull();
		assertThat(request.readsGroup()).isFalse();
	}

	@ParameterizedTest
	@CsvSource({ "pop, POP", "peek, PEEK" })
	void parsesTheReadsOfGroups(String wireName, Action action) throws InvalidRequestException {
		Request request = parse("{\"action\": \"" + wireName + "\", \"topic\": \"jobs\", \"group\": \"w\", "
				+ "\"wait\": 0.5}");
		assertThat(request.action()).isEqualTo(action);
		assertThat(request.readsGroup()).isTrue();
		assertThat(request.longPoll()).isEqualTo(Duration.ofMillis(500));
		assertThat(request.isAnswered()).isTrue();
	}

	@Test
	void parsesADeleteWhichIsAnsweredOnlyWithAnId() throws InvalidRequestException {
		Request delete = parse("{\"action\": \"delete\", \"topic\": \"jobs\", \"group\": \"w\", \"seq\": 42}");
		assertThat(delete.action()).isEqualTo(Action.DELETE);
		assertThat(delete.sequence()).isEqualTo(42);
		assertThat(delete.isAnswered()).isFalse();
		assertThat(parse("{\"action\": \"delete\", \"topic\": \"jobs\", \"group\": \"w\", \"seq\": 42, \"id\": 1}")
			.isAnswered()).isTrue();
	}

	@Test
	void parsesAReleaseWithOrWithoutADelay() throws InvalidRequestException {
		Request release = parse("{\"action\": \"release\", \"topic\": \"jobs\", \"group\": \"w\", "
				+ "\"seq\": 9007199254740993, \"delay\": 0.001}");
		assertThat(release.sequence()).isEqualTo(9007199254740993L);
		assertThat(release.delay()).isEqualTo(Duration.ofMillis(1));
		assertThat(release.isAnswered()).isFalse();
		assertThat(parse("{\"action\": \"release\", \"topic\": \"jobs\", \"group\": \"w\", \"seq\": 1}").delay())
			.isNull();
	}

	@Test
	void parsesAPutWithADelay() throws InvalidRequestException {
		Request put = parse("{\"action\": \"put\", \"topic\": \"jobs\", \"message\": 1, \"delay\": 30}");
		assertThat(put.delay()).isEqualTo(Duration.ofSeconds(30));
		assertThat(parse("{\"action\": \"put\", \"topic\": \"jobs\", \"message\": 1, \"delay\": 0}").delay()).isZero();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"{\"action\": \"pop\", \"topic\": \"t\"}|\"group\" is missing|true",
			"{\"action\": \"peek\", \"topic\": \"t\"}|\"group\" is missing|true",
			"{\"action\": \"delete\", \"topic\": \"t\", \"seq\": 1}|\"group\" is missing|false",
			"{\"action\": \"release\", \"topic\": \"t\", \"seq\": 1}|\"group\" is missing|false",
			"{\"action\": \"get\", \"topic\": \"t\", \"group\": 1}|\"group\" must be a non-empty string|true",
			"{\"action\": \"get\", \"topic\": \"t\", \"group\": null}|\"group\" must be a non-empty string|true",
			"{\"action\": \"pop\", \"topic\": \"t\", \"group\": \"\"}|\"group\" must be a non-empty string|true",
			"{\"action\": \"get_latest\", \"topic\": \"t\", \"group\": \"g\"}"
					+ "|\"group\" goes with get, delete, pop, peek and release|true",
			"{\"action\": \"put\", \"topic\": \"t\", \"message\": 1, \"group\": \"g\"}"
					+ "|\"group\" goes with get, delete, pop, peek and release|false",
			"{\"action\": \"pop\", \"topic\": \"t\", \"group\": \"\\ud800\"}"
					+ "|\"group\" must be Unicode text (it has an unpaired surrogate)|true",
			"{\"action\": \"get\", \"topic\": \"t\", \"group\": \"g\", \"visibility\": 0}"
					+ "|\"visibility\" must be a positive number of seconds|true",
			"{\"action\": \"get\", \"topic\": \"t\", \"group\": \"g\", \"visibility\": -1}"
					+ "|\"visibility\" must be a positive number of seconds|true",
			"{\"action\": \"get\", \"topic\": \"t\", \"group\": \"g\", \"visibility\": \"60\"}"
					+ "|\"visibility\" must be a positive number of seconds|true",
			"{\"action\": \"get\", \"topic\": \"t\", \"visibility\": 60}|\"visibility\" goes with a get of a group|true",
			"{\"action\": \"pop\", \"topic\": \"t\", \"group\": \"g\", \"visibility\": 60}"
					+ "|\"visibility\" goes with a get of a group|true",
			"{\"action\": \"put\", \"topic\": \"t\", \"message\": 1, \"delay\": -0.5}"
					+ "|\"delay\" must be a non-negative number of seconds|false",
			"{\"action\": \"release\", \"topic\": \"t\", \"group\": \"g\", \"seq\": 1, \"delay\": null}"
					+ "|\"delay\" must be a non-negative number of seconds|false",
			"{\"action\": \"get\", \"topic\": \"t\", \"group\": \"g\", \"delay\": 1}|\"delay\" goes with put and release|true",
			"{\"action\": \"delete\", \"topic\": \"t\", \"group\": \"g\"}|\"seq\" is missing|false",
			"{\"action\": \"release\", \"topic\": \"t\", \"group\": \"g\"}|\"seq\" is missing|false",
			"{\"action\": \"delete\", \"topic\": \"t\", \"group\": \"g\", \"seq\": 0}|\"seq\" must be a positive integer|false",
			"{\"action\": \"delete\", \"topic\": \"t\", \"group\": \"g\", \"seq\": 1.5}|\"seq\" must be a positive integer|false",
			"{\"action\": \"delete\", \"topic\": \"t\", \"group\": \"g\", \"seq\": \"1\"}|\"seq\" must be a positive integer|false",
			"{\"action\": \"delete\", \"topic\": \"t\", \"group\": \"g\", \"seq\": 99999999999999999999}"
					+ "|\"seq\" must be a positive integer|false",
			"{\"action\": \"get\", \"topic\": \"t\", \"group\": \"g\", \"seq\": 1}|\"seq\" goes with delete and release|true" })
	void refusesAFieldOfGroupsThatIsMissingWronglyTypedOrOnTheWrongAction(String body, String reason,
			boolean replyExpected) {
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> parse(body))
			.withMessage(reason)
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(RejectReason.INVALID_FIELD);
				assertThat(ex.isReplyExpected()).isEqualTo(replyExpected);
			});
	}

	@Test
	void refusesAReadPositionOnAReadOfAGroup() {
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> parse("{\"action\": \"get\", \"topic\": \"t\", \"group\": \"g\", \"after\": 5}"))
			.withMessage("\"after\" goes with a read by position, not with a group's")
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(RejectReason.INVALID_FIELD);
				assertThat(ex.isReplyExpected()).isTrue();
			});
	}

	@Test
	void aReadOfAGroupMayAskForTheMetadataItCarriesAnyway() throws InvalidRequestException {
		assertThat(parse("{\"action\": \"pop\", \"topic\": \"t\", \"group\": \"g\", \"meta\": true}").meta())
			.isTrue();
	}

	@Test
	void deleteAndReleaseIgnoreTheFieldsOfReadsAsAPutDoes() throws InvalidRequestException {
		Request delete = parse("{\"action\": \"delete\", \"topic\": \"t\", \"group\": \"g\", \"seq\": 3, "
				+ "\"after\": 1, \"meta\": true, \"wait\": 5}");
		assertThat(delete.after()).isNull();
		assertThat(delete.meta()).isFalse();
		assertThat(delete.longPoll()).isNull();
	}

	@Test
	void refusalOfADeleteWithAnIdExpectsAReplyCarryingIt() {
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> parse("{\"action\": \"delete\", \"topic\": \"t\", \"group\": \"g\", \"id\": \"d-1\"}"))
			.withMessage("\"seq\" is missing")
			.satisfies((ex) -> {
				assertThat(ex.isReplyExpected()).isTrue();
				assertThat(ex.getId()).asString(StandardCharsets.UTF_8).isEqualTo("\"d-1\"");
			});
	}

	@Test
	void refusesAGroupNameLongerThanTheTopicLimit() {
		String group = "g".repeat(1025);
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> parse("{\"action\": \"pop\", \"topic\": \"t\", \"group\": \"" + group + "\"}"))
			.withMessage("\"group\" of 1025 bytes exceeds the 1024-byte limit (dsmq.max-topic-length)")
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(RejectReason.GROUP_TOO_LONG));
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> parse("{\"action\": \"pop\", \"topic\": \"t\", \"group\": \"" + "g".repeat(8_000_000)
					+ "\"}"))
			.withMessage("\"group\" of 8000000 bytes exceeds the 1024-byte limit (dsmq.max-topic-length)");
	}

	@Test
	void refusesAGroupOfATopicWhoseDeadLetterTopicNoRequestCouldName() throws InvalidRequestException {
		String longest = "t".repeat(1024 - ".dead-letter".length());
		assertThat(parse("{\"action\": \"pop\", \"topic\": \"" + longest + "\", \"group\": \"g\"}").topic())
			.isEqualTo(longest);
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> parse("{\"action\": \"pop\", \"topic\": \"" + longest + "t\", \"group\": \"g\"}"))
			.withMessage("\"topic\" of 1013 bytes leaves no room for its dead-letter topic, the name and "
					+ "\".dead-letter\", within the 1024-byte limit (dsmq.max-topic-length)")
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(RejectReason.TOPIC_TOO_LONG));
	}

	@Test
	void showsTheFieldsOfGroupsInTheRequestsText() throws InvalidRequestException {
		assertThat(parse("{\"action\": \"release\", \"topic\": \"t\", \"group\": \"g\", \"seq\": 5, \"delay\": 1}"))
			.hasToString("Request[action=release, topic=\"t\", message=none, id=none, wait=null, token=none, "
					+ "after=none, meta=false, headers=none, group=\"g\", delay=PT1S, seq=5]");
	}

	private static Request parse(String body) throws InvalidRequestException {
		return PARSER.parse(body.getBytes(StandardCharsets.UTF_8));
	}

}
