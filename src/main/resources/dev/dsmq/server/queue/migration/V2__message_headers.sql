-- The headers a put may carry (PROTOCOL.md section 11): the JSON object as it was sent, NULL for none, which costs
-- a message without headers one byte of its row. Rows of a store from before keep NULL.
ALTER TABLE message ADD COLUMN headers BLOB;
