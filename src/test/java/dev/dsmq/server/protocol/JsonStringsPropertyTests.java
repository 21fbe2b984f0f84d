package dev.dsmq.server.protocol;

import java.nio.charset.StandardCharsets;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Text as a JSON string, for tinyMQ's bodies: any text a JSON parser reads back as it was, and back to its bytes.
 */
class JsonStringsPropertyTests {

	@Property(tries = 1000)
	void anyTextIsOneJsonStringThatAParserReadsBackAsItWas(@ForAll String anyText) {
		String text = wellFormed(anyText);
		byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
		byte[] json = JsonStrings.encode(utf8);
		try (JsonParser parser = Json.FACTORY.createParser(ObjectReadContext.empty(), json)) {
			assertThat(parser.nextToken()).isEqualTo(JsonToken.VALUE_STRING);
			assertThat(parser.getString()).isEqualTo(text);
			assertThat(parser.nextToken()).isNull();
		}
		assertThat(JsonStrings.isString(json)).isTrue();
		assertThat(JsonStrings.decode(json)).isEqualTo(utf8);
	}

	/**
	 * The text with each lone surrogate, which has no UTF-8 form, replaced.
	 */
	private static String wellFormed(String text) {
		return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
	}

}
