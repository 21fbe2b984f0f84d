package dev.dsmq.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages of any JSON value come back as they were put, against a real server.
 */
class MessageContentTests extends AbstractReaderWriterTests {

	private static final JsonMapper exact = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	@Test
	void emptyStringMessageIsToldApartFromNothing() {
		this.writer.put(this.topic, "");
		assertThat(this.reader.getString(this.topic)).contains("");
		assertThat(this.reader.getString(this.topic)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"text\"", "\"\"", "\"ünïcødé ✓ 🎉\"", "42", "-1.50", "12345678901234567890123",
			"3.141592653589793238462643383279", "true", "false", "null", "[1,\"two\",[3]]",
			"{\"name\":\"dsmq\",\"tags\":[\"a\",\"b\"],\"nested\":{\"n\":1e3}}", "{}", "[]" })
	void anyJsonMessageRoundTripsExactly(String message) {
		JsonNode node = exact.readTree(message);
		this.writer.put(this.topic, node);
		assertThat(this.reader.get(this.topic)).contains(node);
	}

	@Test
	void decimalNumberKeepsItsDigits() {
		this.writer.put(this.topic, exact.readTree("[-1.50, 2.0]"));
		assertThat(this.reader.get(this.topic)).map(JsonNode::toString).contains("[-1.50,2.0]");
	}

	@Test
	void stringMessageStaysAString() {
		this.writer.put(this.topic, "42");
		assertThat(this.reader.get(this.topic)).hasValueSatisfying((node) -> assertThat(node.isString()).isTrue());
	}

}
