package dev.dsmq.server.protocol;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The topic a tinyMQ client's path names, as its WebSocket library writes the path for the topic it was given.
 */
class TinyMqPathTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			// an ASCII topic goes as it is, a query and slashes included
			"/jobs | jobs", "/a/b | a/b", "//x | /x", "/?x=1 | ?x=1", "/50% | 50%", "/100%done | 100%done", "/%4 | %4",
			// websockets percent-encodes a topic with any character that is not ASCII, '%' and spaces too
			"/caf%C3%A9 | caf\u00e9", "/caf%c3%a9%20au%20lait%25 | caf\u00e9 au lait%",
			"/%E6%97%A5%E6%9C%AC | \u65e5\u672c", "/%F0%9F%98%80 | \ud83d\ude00" })
	void pathNamesTheTopicTheClientWasGiven(String path, String topic) {
		assertThat(TinyMqPath.topic(path)).isEqualTo(topic);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/%FF", "/%C3", "/%ED%A0%80", "/%C0%AF" })
	void pathWhoseDecodedBytesAreNotUtf8NamesNoTopic(String path) {
		assertThatIllegalArgumentException().isThrownBy(() -> TinyMqPath.topic(path))
			.withMessage("the topic is not UTF-8 once percent-decoded");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/caf\u00e9", "/caf\ufffd", "/a\tb", "/a\u007fb", "/%4\u0663" })
	void pathWithACharacterThatIsNotPrintableAsciiNamesNoTopic(String path) {
		assertThatIllegalArgumentException().isThrownBy(() -> TinyMqPath.topic(path))
			.withMessageStartingWith("the path holds a character that is not printable ASCII");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/", "", "jobs" })
	void pathWithoutATopicNamesNone(String path) {
		assertThatIllegalArgumentException().isThrownBy(() -> TinyMqPath.topic(path));
	}

}
