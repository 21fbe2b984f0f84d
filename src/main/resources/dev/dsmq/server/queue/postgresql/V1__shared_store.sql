-- The store that many nodes share on PostgreSQL (PROTOCOL.md sections 3, 10 and 11). Every time is in milliseconds
-- since the epoch on the nodes' clocks, never the database's, so that a node's clock decides as it does on SQLite.

-- The last sequence number handed out. A put takes its numbers by updating this one row in its own transaction, so
-- puts commit in the order of their numbers: a reader that sees a number has seen every smaller one, and never skips
-- a message that commits later with a smaller number. It starts past the clock in microseconds, as a new SQLite
-- store does, so that a reader resuming with a number from an earlier store misses nothing of this one.
CREATE TABLE dsmq_sequence (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	last BIGINT NOT NULL
);

INSERT INTO dsmq_sequence (id, last) VALUES (1, (EXTRACT(EPOCH FROM clock_timestamp()) * 1000000)::BIGINT);

-- A message by its sequence number; readers find a topic's messages after a position by (topic, seq).
-- not_before: when groups may first claim a message put with a delay; NULL for none.
CREATE TABLE dsmq_message (
	seq BIGINT PRIMARY KEY,
	topic TEXT NOT NULL,
	body BYTEA NOT NULL,
	headers BYTEA,
	created_at BIGINT NOT NULL,
	not_before BIGINT
);

CREATE INDEX dsmq_message_topic_seq ON dsmq_message (topic, seq);

-- Expiry deletes by age.
CREATE INDEX dsmq_message_created_at ON dsmq_message (created_at);

-- A work-queue group of a topic. Every message of the topic up to done_through is done for the group: deleted by
-- it, or put before the group began. What it counted is kept with it, so that every node shows the same.
CREATE TABLE dsmq_group (
	id BIGSERIAL PRIMARY KEY,
	topic TEXT NOT NULL,
	name TEXT NOT NULL,
	done_through BIGINT NOT NULL,
	used_at BIGINT NOT NULL,
	redelivered BIGINT NOT NULL DEFAULT 0,
	dead_lettered BIGINT NOT NULL DEFAULT 0,
	lost BIGINT NOT NULL DEFAULT 0,
	UNIQUE (topic, name)
);

-- What a group did with a message after its done_through, as on SQLite. state 1: claimed, until available_at; 0:
-- given back, available again from available_at; 2: deleted. A message without a row was never claimed by the group.
CREATE TABLE dsmq_group_message (
	grp BIGINT NOT NULL REFERENCES dsmq_group (id) ON DELETE CASCADE,
	seq BIGINT NOT NULL,
	available_at BIGINT NOT NULL,
	first_retrieved BIGINT NOT NULL,
	retrievals INTEGER NOT NULL,
	state SMALLINT NOT NULL,
	PRIMARY KEY (grp, seq)
);

-- What the store holds and what left it, as the node that ran the last expiry counted it, for every node's health,
-- endpoint and meters.
CREATE TABLE dsmq_stats (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	topics BIGINT NOT NULL,
	messages BIGINT NOT NULL,
	bytes BIGINT NOT NULL,
	expired BIGINT NOT NULL,
	dropped_for_topic_limit BIGINT NOT NULL,
	dropped_for_byte_limit BIGINT NOT NULL
);

INSERT INTO dsmq_stats VALUES (1, 0, 0, 0, 0, 0, 0);

-- The oldest message of topic t after the sequence number that group g may claim at time now, or NULL: not deleted
-- by the group, not claimed by a claim still running, not delayed. With take_lock, the message's row is locked as
-- well, skipping the rows that other claimers hold, so that claimers on every node spread over different messages.
-- A loop over the topic's messages in order, rather than one query: its cursor reads the (topic, seq) index from the
-- start and stops at the first message found, whatever the planner's statistics say about how many there are.
CREATE FUNCTION dsmq_candidate(g BIGINT, t TEXT, after BIGINT, now BIGINT, take_lock BOOLEAN) RETURNS BIGINT
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
	s BIGINT;
	due BIGINT;
BEGIN
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

-- The oldest message of topic t after the sequence number that group g has not deleted, or NULL; a loop for the same
-- reason as dsmq_candidate's.
CREATE FUNCTION dsmq_first_undeleted(g BIGINT, t TEXT, after BIGINT) RETURNS BIGINT
LANGUAGE plpgsql STABLE AS $$
DECLARE
	s BIGINT;
BEGIN
	FOR s IN SELECT m.seq FROM dsmq_message m WHERE m.topic = t AND m.seq > after ORDER BY m.seq LOOP
		IF NOT EXISTS (SELECT 1 FROM dsmq_group_message d WHERE d.grp = g AND d.seq = s AND d.state = 2) THEN
			RETURN s;
		END IF;
	END LOOP;
	RETURN NULL;
END $$;
