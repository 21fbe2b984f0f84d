package dev.dsmq.server.tcp;

import dev.dsmq.server.protocol.Generation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Every request a connection sends, a line each, at TRACE under the logger {@value #NAME}: the peer, its generation
 * and what it asked, sizes in place of bodies and never a token, so that an operator can follow one client's
 * conversation ({@code --logging.level.dev.dsmq.server.requests=trace}) without a capture. Off, which it is unless
 * asked for, a request costs one check of the logger's level and nothing is built.
 */
final class RequestLog {

	/** The logger's name, a category of its own so that turning it on turns on nothing else. */
	static final String NAME = "dev.dsmq.server.requests";

	private static final Log logger = LogFactory.getLog(NAME);

	private RequestLog() {
	}

	/**
	 * Log a request as it is acted on.
	 * @param connection the connection it came on
	 * @param request what it asked for, a dsmq {@code Request} or a tinyMQ one, whose {@code toString} hides tokens
	 * and gives bodies as their sizes
	 */
	static void received(Connection connection, Object request) {
		if (logger.isTraceEnabled()) {
			logger.trace(connection.peer() + " " + Generation.tagOf(connection.generation()) + " " + request);
		}
	}

}
