package dev.dsmq.server.protocol;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading the {@code auth} request from a frame body.
 */
class AuthRequestTests {

	@Test
	void readsTheTokenAndKeepsTheIdAsEncoded() {
		AuthRequest auth = AuthRequest.parse(utf8("{\"id\": 1.50, \"action\": \"auth\", \"token\": \"t\\u00e9k\"}"));
		assertThat(auth).isNotNull();
		assertThat(auth.token()).isEqualTo(utf8("t\u00e9k"));
		assertThat(auth.id()).isEqualTo(utf8("1.50"));
	}

	@Test
	void tokenThatIsNotAStringIsMissing() {
		AuthRequest auth = AuthRequest.parse(utf8("{\"action\": \"auth\", \"token\": [\"t\"]}"));
		assertThat(auth).isNotNull();
		assertThat(auth.token()).isNull();
		assertThat(auth.id()).isNull();
	}

	@Test
	void otherActionsAndBrokenBodiesAreNotAuthRequests() {
		assertThat(AuthRequest.parse(utf8("{\"action\": \"get\", \"topic\": \"t\", \"token\": \"t\"}"))).isNull();
		assertThat(AuthRequest.parse(utf8("{\"action\": \"auth\", \"token\": \"t\""))).isNull();
		assertThat(AuthRequest.parse(utf8("[\"auth\"]"))).isNull();
		assertThat(AuthRequest.parse(new byte[] { (byte) 0xc3, 0x28 })).isNull();
	}

	@Test
	void toStringNeverShowsTheToken() {
		AuthRequest auth = AuthRequest.parse(utf8("{\"action\": \"auth\", \"token\": \"hush-42\", \"id\": 3}"));
		assertThat(auth).hasToString("AuthRequest[token=(hidden), id=3]");
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
