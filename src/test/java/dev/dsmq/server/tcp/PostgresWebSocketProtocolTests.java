package dev.dsmq.server.tcp;

import dev.dsmq.server.PostgresTestDatabase;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link WebSocketProtocolTests}, every one of them, against a server that keeps its messages in PostgreSQL.
 */
class PostgresWebSocketProtocolTests extends WebSocketProtocolTests {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		PostgresTestDatabase.register(registry);
	}

}
