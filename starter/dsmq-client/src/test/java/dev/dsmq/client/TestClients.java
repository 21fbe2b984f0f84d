package dev.dsmq.client;

import dev.dsmq.test.EmbeddedDsmqServer;

/**
 * Clients of the tests' embedded server.
 */
final class TestClients {

	private TestClients() {
	}

	/**
	 * Return a client of the server with the defaults.
	 */
	static DsmqClient of(EmbeddedDsmqServer server) {
		return DsmqClient.builder().host(server.getHost()).port(server.getPort()).build();
	}

}
