-- Work-queue groups (PROTOCOL.md section 10).

-- When groups may first claim a message put with a delay, in milliseconds since the epoch; NULL for none, which
-- costs a put without a delay one byte of its row.
ALTER TABLE message ADD COLUMN not_before INTEGER;

-- Only delayed messages enter it, so it costs a put without a delay nothing.
CREATE INDEX message_topic_not_before ON message (topic, not_before) WHERE not_before IS NOT NULL;

-- A group of a topic, by the topic's name: a topic's row goes with its last message, a group stays until nobody has
-- used it for the time to live. Every message of the topic up to done_through is done for the group: deleted by it,
-- or put before the group began.
CREATE TABLE consumer_group (
	id INTEGER PRIMARY KEY,
	topic TEXT NOT NULL,
	name TEXT NOT NULL,
	done_through INTEGER NOT NULL,
	used_at INTEGER NOT NULL,
	UNIQUE (topic, name)
);

-- What a group did with a message after its done_through. state 1: claimed, until available_at; 0: given back,
-- available again from available_at; 2: deleted. A message without a row has never been claimed by the group. Rows
-- go with their message (expiry, limits), and once done_through passes them.
CREATE TABLE group_message (
	grp INTEGER NOT NULL,
	seq INTEGER NOT NULL,
	available_at INTEGER NOT NULL,
	first_retrieved INTEGER NOT NULL,
	retrievals INTEGER NOT NULL,
	state INTEGER NOT NULL,
	PRIMARY KEY (grp, seq)
) WITHOUT ROWID;
