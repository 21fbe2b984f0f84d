/**
 * A server for the Dead Simple Message Queue protocol: configuration, health and the application itself.
 */
@NullMarked
package dev.dsmq.server;

import org.jspecify.annotations.NullMarked;
