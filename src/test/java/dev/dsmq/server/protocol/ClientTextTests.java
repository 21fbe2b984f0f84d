package dev.dsmq.server.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client text shown in logs and error replies: it cannot break a line, hide itself or run long.
 */
class ClientTextTests {

	@Test
	void controlCharactersSeparatorsAndBidiOverridesAreEscapedInALogLine() {
		assertThat(ClientText.forLog("a\nb\r\tc\u0000\u001b[31m\u2028\u202e\u0085 \"q\" \\"))
			.isEqualTo("a\\nb\\r\\tc\\u0000\\u001b[31m\\u2028\\u202e\\u0085 \"q\" \\");
	}

	@Test
	void quotedTextEscapesItsQuotesAndBackslashes() {
		assertThat(ClientText.quote("say \"hi\" \\ now")).isEqualTo("\"say \\\"hi\\\" \\\\ now\"");
	}

	@Test
	void longTextIsCutWithACountOfWhatWasLeftOut() {
		assertThat(ClientText.quote("x".repeat(100))).isEqualTo("\"" + "x".repeat(64) + "...(36 more characters)\"");
		assertThat(ClientText.forLog("y".repeat(10_000))).hasSize(512 + "...(9488 more characters)".length());
	}

	@Test
	void pairedSurrogatesAreKeptAndLoneOnesEscapedAndNeverSplit() {
		assertThat(ClientText.forLog("\ud83d\ude00 \ud800")).isEqualTo("\ud83d\ude00 \\ud800");
		String cut = ClientText.quote("x".repeat(63) + "\ud83d\ude00");
		assertThat(cut).isEqualTo("\"" + "x".repeat(63) + "...(2 more characters)\"");
	}

}
