-- The schema from before the store's schema had versions; a store file made then is taken as at this version.

-- A topic's name is stored once; messages refer to it by id, which keeps rows and the index small.
CREATE TABLE topic (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE
);

-- seq is the rowid: the order puts were accepted in, and every reader's position.
CREATE TABLE message (
	seq INTEGER PRIMARY KEY,
	topic INTEGER NOT NULL,
	body BLOB NOT NULL,
	created_at INTEGER NOT NULL
);

CREATE INDEX message_topic_seq ON message (topic, seq);
