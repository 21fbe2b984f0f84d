-- A topic's name is stored once; messages refer to it by id, which keeps rows and the index small.
CREATE TABLE IF NOT EXISTS topic (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE
);

-- seq is the rowid: the order puts were accepted in, and every reader's position.
CREATE TABLE IF NOT EXISTS message (
	seq INTEGER PRIMARY KEY,
	topic INTEGER NOT NULL,
	body BLOB NOT NULL,
	created_at INTEGER NOT NULL
);

CREATE INDEX IF NOT EXISTS message_topic_seq ON message (topic, seq);
