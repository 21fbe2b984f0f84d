-- seq is the rowid: the order puts were accepted in, and every reader's position.
CREATE TABLE IF NOT EXISTS message (
	seq INTEGER PRIMARY KEY,
	topic TEXT NOT NULL,
	body BLOB NOT NULL,
	created_at INTEGER NOT NULL
);

CREATE INDEX IF NOT EXISTS message_topic_seq ON message (topic, seq);
