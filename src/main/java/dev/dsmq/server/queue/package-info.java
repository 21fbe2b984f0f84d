/**
 * Topics and their messages: the SQLite store, read positions by sequence number, work-queue groups with their
 * claims, and expiry. Knows nothing of sockets.
 */
@NullMarked
package dev.dsmq.server.queue;

import org.jspecify.annotations.NullMarked;
