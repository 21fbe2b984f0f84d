-- A claim's walk over the messages a group has already deleted. done_through stops below the oldest message the group
-- has not deleted: while a consumer holds a claim on it (or its delete comes later than the deletes after it), every
-- claim walked the messages deleted since, one by one, and slowed down as they piled up (10,000 pops behind one held
-- claim went from 201 to 25 a second).

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
	s BIGINT;
BEGIN
	FOR s IN SELECT m.seq FROM dsmq_message m WHERE m.topic = t AND m.seq > after ORDER BY m.seq LOOP
		EXIT WHEN NOT EXISTS (SELECT 1 FROM dsmq_group_message d WHERE d.grp = g AND d.seq = s);
		after := s;
	END LOOP;
	RETURN after;
END $$;

-- As in V1, the oldest message of topic t after the sequence number that group g may claim at time now, or NULL; the
-- same answer, found without walking what the group deleted. Up to the group's scan_from every message has a row, so
-- the messages it may claim there are those of its rows not deleted and not claimed by a claim still running, read
-- from dsmq_group_message_open; past scan_from, the loop of V1 over the topic's messages.
CREATE OR REPLACE FUNCTION dsmq_candidate(g BIGINT, t TEXT, after BIGINT, now BIGINT, take_lock BOOLEAN) RETURNS BIGINT
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
	s BIGINT;
	due BIGINT;
	since BIGINT;
BEGIN
	SELECT grp.scan_from INTO since FROM dsmq_group grp WHERE grp.id = g;
	IF since > after THEN
		FOR s IN SELECT d.seq FROM dsmq_group_message d
				WHERE d.grp = g AND d.seq > after AND d.seq <= since AND d.state <> 2 AND d.available_at <= now
				ORDER BY d.seq LOOP
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
	FOR s, due IN SELECT m.seq, m.not_before FROM dsmq_message m WHERE m.topic = t AND m.seq > after ORDER BY m.seq LOOP
		CONTINUE WHEN due IS NOT NULL AND due > now;
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
