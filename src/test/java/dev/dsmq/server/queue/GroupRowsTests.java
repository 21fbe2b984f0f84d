package dev.dsmq.server.queue;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A group's rows in memory: which message is available when, and where the group is done up to after a delete, as
 * far as the rows alone can tell.
 */
class GroupRowsTests {

	private final GroupRows rows = new GroupRows();

	@Test
	void claimIsAvailableAgainOnlyOnceItRunsOut() {
		this.rows.add(claimed(11, 100));
		this.rows.add(claimed(12, 50));
		assertThat(this.rows.firstAvailableAfter(10, 49)).isNull();
		assertThat(this.rows.claimedAt(49)).isEqualTo(2);
		assertThat(this.rows.firstAvailableAfter(10, 50)).isEqualTo(12);
		assertThat(this.rows.claimedAt(50)).isEqualTo(1);
		assertThat(this.rows.firstAvailableAfter(10, 100)).isEqualTo(11);
		assertThat(this.rows.firstAvailableAfter(11, 100)).isEqualTo(12);
		assertThat(this.rows.nextAvailableAt(100)).isZero();
	}

	@Test
	void claimedAgainOrDeletedRowIsNoLongerAvailable() {
		GroupRows.Row first = claimed(11, 10);
		GroupRows.Row second = claimed(12, 10);
		this.rows.add(first);
		this.rows.add(second);
		assertThat(this.rows.firstAvailableAfter(10, 20)).isEqualTo(11);
		this.rows.claim(first, 80);
		this.rows.delete(second);
		assertThat(this.rows.firstAvailableAfter(10, 20)).isNull();
		assertThat(this.rows.nextAvailableAt(20)).isEqualTo(80);
		assertThat(first.retrievals()).isEqualTo(2);
		this.rows.release(first, 30);
		assertThat(this.rows.claimedAt(20)).isZero();
		assertThat(this.rows.heldBackAt(20, 0)).isEqualTo(1);
		assertThat(this.rows.firstAvailableAfter(10, 30)).isEqualTo(11);
		assertThat(this.rows.heldBackAt(30, 2)).isEqualTo(1);
	}

	@Test
	void rowsOfMessagesClaimedInOrderTellWhereTheGroupIsDoneUpToAfterTheOldest() {
		GroupRows.Row middle = claimed(12, 100);
		this.rows.add(claimed(11, 100));
		this.rows.add(middle);
		this.rows.add(claimed(13, 100));
		this.rows.cover(13);
		assertThat(this.rows.doneThroughOnceDone(11, 10)).isEqualTo(11);
		assertThat(this.rows.doneThroughOnceDone(12, 10)).isEqualTo(-1);
		this.rows.delete(middle);
		assertThat(this.rows.doneThroughOnceDone(11, 10)).isEqualTo(12);
		assertThat(this.rows.doneThroughOnceDone(14, 10)).isEqualTo(GroupRows.UNKNOWN);
	}

	@Test
	void rowsCannotTellPastTheMessagesTheyCover() {
		GroupRows.Row next = claimed(12, 100);
		this.rows.add(claimed(11, 100));
		this.rows.add(next);
		this.rows.add(claimed(20, 100));
		this.rows.cover(12);
		// a message between 12 and 20 may have no row
		this.rows.delete(next);
		assertThat(this.rows.doneThroughOnceDone(11, 10)).isEqualTo(GroupRows.UNKNOWN);
		// nor with nothing covered: the oldest message left may have no row
		GroupRows uncovered = new GroupRows();
		uncovered.add(claimed(12, 100));
		assertThat(uncovered.doneThroughOnceDone(12, 10)).isEqualTo(GroupRows.UNKNOWN);
	}

	@Test
	void removingTheRowsBeforeABoundTakesThemOutOfEveryIndex() {
		this.rows.add(claimed(11, 100));
		this.rows.add(claimed(12, 5));
		this.rows.add(claimed(13, 100));
		assertThat(this.rows.firstAvailableAfter(10, 5)).isEqualTo(12);
		this.rows.removeBefore(13);
		assertThat(this.rows.countBefore(Long.MAX_VALUE)).isEqualTo(1);
		assertThat(this.rows.firstAvailableAfter(10, 5)).isNull();
		assertThat(this.rows.claimedAt(5)).isEqualTo(1);
	}

	private static GroupRows.Row claimed(long sequence, long until) {
		return new GroupRows.Row(sequence, GroupRows.Row.CLAIMED, until, 1, 1);
	}

}
