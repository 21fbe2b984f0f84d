package dev.dsmq.server.protocol;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.dsmq.server.WireArbitraries;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever a frame's body holds, the parser returns a request or throws an {@link InvalidRequestException} that says
 * why and whether the connection can go on; it never throws anything else.
 */
class RequestParserPropertyTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final RequestParser PARSER = new RequestParser(RequestParser.Limits.DEFAULT);

	@Property(tries = 1000)
	void anyBodyIsARequestOrAnInvalidRequest(@ForAll("bodies") byte[] body) {
		Request request;
		try {
			request = PARSER.parse(body);
		}
		catch (InvalidRequestException ex) {
			assertThat(ex.getReason()).isNotNull();
			assertThat(ex.getMessage()).isNotBlank();
			if (ex.getReason().closesConnection()) {
				assertThat(ex.isReplyExpected()).as("a broken body is answered with an error frame").isTrue();
			}
			return;
		}
		assertThat(request.topic()).isNotNull();
		assertThat(request.message() != null).isEqualTo(request.action() == Action.PUT);
	}

	@Property(tries = 500)
	void putKeepsItsTopicAndItsMessageByteForByte(@ForAll("topics") String topic, @ForAll("messages") Object message)
			throws InvalidRequestException {
		Map<String, Object> put = new LinkedHashMap<>();
		put.put("action", "put");
		put.put("topic", topic);
		put.put("message", message);
		Request request = PARSER.parse(json.writeValueAsBytes(put));
		assertThat(request.action()).isEqualTo(Action.PUT);
		assertThat(request.topic()).isEqualTo(topic);
		assertThat(request.message()).asString(StandardCharsets.UTF_8)
			.isEqualTo(new String(json.writeValueAsBytes(message), StandardCharsets.UTF_8));
	}

	@Provide
	Arbitrary<byte[]> bodies() {
		return Arbitraries.oneOf(WireArbitraries.randomBytes(200), WireArbitraries.jsonishBodies(),
				WireArbitraries.validRequestBodies(), mutatedValidBodies());
	}

	private static Arbitrary<byte[]> mutatedValidBodies() {
		return Combinators
			.combine(WireArbitraries.validRequestBodies(), WireArbitraries.mutations().list().ofMinSize(1).ofMaxSize(3))
			.as((body, mutations) -> {
				byte[] mutated = body;
				for (WireArbitraries.Mutation mutation : mutations) {
					mutated = mutation.applyToBody(mutated);
				}
				return mutated;
			});
	}

	@Provide
	Arbitrary<String> topics() {
		return WireArbitraries.topics();
	}

	@Provide
	Arbitrary<Object> messages() {
		return WireArbitraries.messages();
	}

}
