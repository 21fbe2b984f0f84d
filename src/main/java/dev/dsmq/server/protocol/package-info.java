/**
 * The dsmq wire format: length-header frames, request parsing and reply encoding. No Spring beans and no I/O
 * beyond the streams handed in.
 */
@NullMarked
package dev.dsmq.server.protocol;

import org.jspecify.annotations.NullMarked;
