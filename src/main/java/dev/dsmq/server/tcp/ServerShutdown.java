package dev.dsmq.server.tcp;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Stops the server on behalf of a client's {@code shutdown} action, by the same path as a SIGTERM: closing the
 * application context.
 */
class ServerShutdown {

	private static final Log logger = LogFactory.getLog(ServerShutdown.class);

	private final ConfigurableApplicationContext context;

	ServerShutdown(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Start closing the context. Closing stops the connection factory, which closes the very connection that asked,
	 * so it runs on a thread of its own.
	 */
	void begin(String requestedBy) {
		logger.info("Shutting down, as requested by " + requestedBy);
		Thread closer = new Thread(this.context::close, "dsmq-shutdown");
		closer.start();
	}

}
