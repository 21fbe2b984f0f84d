/**
 * The dsmq wire formats: telling a connection's generation from its first bytes, one codec per generation (0.7
 * length-header frames, 0.1-0.4 bare JSON, 1.x WebSocket and its handshake), request parsing and reply encoding.
 * No Spring beans and no I/O beyond the streams handed in.
 */
@NullMarked
package dev.dsmq.server.protocol;

import org.jspecify.annotations.NullMarked;
