package dev.dsmq.server.queue;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a topic and a message count against {@code dsmq.max-held-bytes}.
 */
class CostsTests {

	@Test
	void messageCountsItsJsonValueAndAFixedOverhead() {
		assertThat(Costs.message(1)).isEqualTo(65);
	}

	@Test
	void latin1NameCountsOneByteACharacterOnTheHeapAndThreeTimesItsUtf8InSqlite() {
		// "é" is one byte in a Latin-1 string, two in UTF-8
		assertThat(Costs.topic("caf\u00e9")).isEqualTo(512 + 4 + 3 * 5);
	}

	@Test
	void nameBeyondLatin1CountsTwoBytesACharacterOnTheHeap() {
		// the JVM keeps the whole string in UTF-16 once one character is beyond Latin-1
		assertThat(Costs.topic("ab\u4e2d")).isEqualTo(512 + 2 * 3 + 3 * 5);
	}

	@Test
	void nameTooLongForItsIndexEntryCountsAPageMore() {
		assertThat(Costs.topic("n".repeat(991)) - Costs.topic("n".repeat(990))).isEqualTo(4 + 4096);
	}

}
