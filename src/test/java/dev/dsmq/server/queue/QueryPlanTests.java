package dev.dsmq.server.queue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How SQLite plans the store's statements that run with its lock held while clients wait: each finds its rows by an
 * index or the primary key, so that its cost grows with what it reads and not with what the store holds. A plan
 * that scans would pass every message held, a million of them with the default limits, on every request or every
 * expiry tick.
 */
class QueryPlanTests {

	private final InMemoryStore store = new InMemoryStore();

	@AfterEach
	void closeStore() {
		this.store.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { MessageStore.NEXT, MessageStore.LATEST, MessageStore.NEXT_WITH_METADATA,
			MessageStore.LATEST_WITH_METADATA, MessageStore.OLDEST, MessageStore.OLDEST_CREATED,
			MessageStore.HELD_BEFORE, GroupStore.AFTER, GroupStore.SEQUENCES_AFTER, GroupStore.FIRST_AFTER,
			GroupStore.NEXT_DELAY_END, GroupStore.DELAYED, GroupStore.COUNT_BETWEEN, GroupStore.MESSAGE,
			GroupStore.TOPIC_OF, GroupStore.UPDATE_ROW, GroupStore.DELETE_ROWS_THROUGH })
	void statementOfTheLockedPathsSearchesAnIndexInsteadOfScanning(String sql) {
		// a scan of the ids of a JSON array is a walk of the request's own list
		assertThat(plan(sql)).isNotEmpty()
			.noneMatch((step) -> step.matches("SCAN (message|group_message|consumer_group|topic)\\b.*"));
	}

	@Test
	void expiryFindsTheFirstLiveMessageWalkingInSequenceOrderWithoutSorting() {
		// it stops at the first message put after the cutoff, so it passes only the expired ones
		assertThat(plan(MessageStore.FIRST_PUT_AFTER)).containsExactly("SCAN message");
	}

	@Test
	void expiryCountsWhatEachTopicLosesFromTheRangeOfExpiredMessagesAlone() {
		assertThat(plan(MessageStore.HELD_BEFORE)).contains("SEARCH message USING INTEGER PRIMARY KEY (rowid<?)");
	}

	private List<String> plan(String sql) {
		return this.store.jdbc()
			.queryForList("EXPLAIN QUERY PLAN " + sql)
			.stream()
			.map((Map<String, Object> row) -> String.valueOf(row.get("detail")))
			.toList();
	}

}
