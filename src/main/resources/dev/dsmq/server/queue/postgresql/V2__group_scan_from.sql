-- A claim's walk over the messages a group has already deleted. done_through stops below the oldest message the group
-- has not deleted: while a consumer holds a claim on it (or its delete comes later than the deletes after it), every
-- claim walked the messages deleted since, one by one, and slowed down as they piled up (10,000 pops behind one held
-- claim went from 201 to 25 a second).

-- The loops below over a topic's messages are declared cursors: a FOR loop over a query is planned for all its rows,
-- which with a topic's statistics low may be a bitmap scan and a sort of everything after the number; a cursor is
-- planned for its first rows, so read by the (topic, seq) index from the start, as these loops mean to be.

-- Every message of the topic in (done_through, scan_from] has a row in dsmq_group_message: the group claimed it or
-- deleted it. A row goes only with its message, so once that holds it holds for good; scan_from only grows, as each
-- delete's advance finds more rows after it. 0 for a group that has no such run yet.
ALTER TABLE dsmq_group ADD COLUMN scan_from BIGINT NOT NULL DEFAULT 0;

-- The rows of a group that are not deleted, by sequence number: running claims and claims given back. Up to
-- scan_from, these are the only messages a claim may find, however many the group has deleted.
CREATE INDEX dsmq_group_message_open ON dsmq_group_message (grp, seq) WHERE state <> 2;

-- The newest message of topic t after the sequence number such that it and every message between have a row of group
-- g: where scan_from may move to from there.
CREATE FUNCTION dsmq_scan_end(g BIGINT, t TEXT, after BIGINT) RETURNS BIGINT
LANGUAGE plpgsql STABLE AS $$
DECLARE
	messages CURSOR FOR SELECT m.seq FROM dsmq_message m WHERE m.topic = t AND m.seq > after ORDER BY m.seq;
	s BIGINT := after;
BEGIN
	FOR r IN messages LOOP
		EXIT WHEN NOT EXISTS (SELECT 1 FROM dsmq_group_message d WHERE d.grp = g AND d.seq = r.seq);
		s := r.seq;
	END LOOP;
	RETURN s;
END $$;

-- As in V1, the oldest message of topic t after the sequence number that group g may claim at time now, or NULL; the
-- same answer, found without walking what the group deleted. Up to the group's scan_from every message has a row, so
-- the messages it may claim there are those of its rows not deleted and not claimed by a claim still running, read
-- from dsmq_group_message_open; past scan_from, the loop of V1 over the topic's messages.
CREATE OR REPLACE FUNCTION dsmq_candidate(g BIGINT, t TEXT, after BIGINT, now BIGINT, take_lock BOOLEAN) RETURNS BIGINT
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
	open_rows CURSOR (upto BIGINT) FOR SELECT d.seq FROM dsmq_group_message d
		WHERE d.grp = g AND d.seq > after AND d.seq <= upto AND d.state <> 2 AND d.available_at <= now ORDER BY d.seq;
	messages CURSOR (start BIGINT) FOR SELECT m.seq, m.not_before FROM dsmq_message m
		WHERE m.topic = t AND m.seq > start ORDER BY m.seq;
	s BIGINT;
	due BIGINT;
	since BIGINT;
BEGIN
	SELECT grp.scan_from INTO since FROM dsmq_group grp WHERE grp.id = g;
	IF since > after THEN
		FOR r IN open_rows(since) LOOP
			s := r.seq;
			SELECT m.not_before INTO due FROM dsmq_message m WHERE m.seq = s;
			-- a message gone with expiry
			CONTINUE WHEN NOT FOUND;
			CONTINUE WHEN due IS NOT NULL AND due > now;
			IF NOT take_lock THEN
				RETURN s;
			END IF;
			PERFORM 1 FROM dsmq_message m WHERE m.seq = s FOR UPDATE SKIP LOCKED;
			IF FOUND THEN
				RETURN s;
			END IF;
		END LOOP;
		after := since;
	END IF;
	FOR r IN messages(after) LOOP
		s := r.seq;
		CONTINUE WHEN r.not_before IS NOT NULL AND r.not_before > now;
		CONTINUE WHEN EXISTS (SELECT 1 FROM dsmq_group_message d
			WHERE d.grp = g AND d.seq = s AND (d.state = 2 OR d.available_at > now));
		IF NOT take_lock THEN
			RETURN s;
		END IF;
		PERFORM 1 FROM dsmq_message m WHERE m.seq = s FOR UPDATE SKIP LOCKED;
		IF FOUND THEN
			RETURN s;
		END IF;
	END LOOP;
	RETURN NULL;
END $$;

-- V1's dsmq_first_undeleted moved done_through for the expiry pass; dsmq_advance below moves it, and scan_from, for
-- a delete and for that pass alike.
DROP FUNCTION dsmq_first_undeleted(BIGINT, TEXT, BIGINT);

-- After a delete of group g's, move its done_through past the messages it has deleted, where the first message after
-- done_through is deleted (to just before the first one not deleted, or to the newest the topic holds if all are), and
-- its scan_from past the messages after it that the group has claimed or deleted. Each query reads what committed
-- before it, so that of two deletes committing together the later advance sees both; a value read before another
-- advance wrote a newer one is still true, and greatest keeps the newer. The row is written only where either moves.
-- Returns whether it moved.
CREATE FUNCTION dsmq_advance(g BIGINT) RETURNS BOOLEAN
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
	t TEXT;
	done BIGINT;
	since BIGINT;
	messages CURSOR FOR SELECT m.seq FROM dsmq_message m WHERE m.topic = t AND m.seq > done ORDER BY m.seq;
	s BIGINT;
	moved_done BIGINT;
	moved_since BIGINT;
BEGIN
	SELECT grp.topic, grp.done_through, grp.scan_from INTO t, done, since FROM dsmq_group grp WHERE grp.id = g;
	IF NOT FOUND THEN
		RETURN false;
	END IF;
	moved_done := done;
	OPEN messages;
	LOOP
		FETCH messages INTO s;
		EXIT WHEN NOT FOUND;
		IF NOT EXISTS (SELECT 1 FROM dsmq_group_message d WHERE d.grp = g AND d.seq = s AND d.state = 2) THEN
			-- just before the first one not deleted, if any was
			IF moved_done <> done THEN
				moved_done := s - 1;
			END IF;
			EXIT;
		END IF;
		moved_done := s;
	END LOOP;
	CLOSE messages;
	moved_since := dsmq_scan_end(g, t, greatest(moved_done, since));
	IF moved_done = done AND moved_since <= since THEN
		RETURN false;
	END IF;
	UPDATE dsmq_group grp SET done_through = greatest(grp.done_through, moved_done),
		scan_from = greatest(grp.scan_from, moved_since) WHERE grp.id = g;
	RETURN true;
END $$;
