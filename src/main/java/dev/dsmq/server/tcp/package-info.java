/**
 * The TCP side: the Spring Integration flow from socket to queue, per-connection state and server lifecycle. Knows
 * nothing of SQL.
 */
@NullMarked
package dev.dsmq.server.tcp;

import org.jspecify.annotations.NullMarked;
