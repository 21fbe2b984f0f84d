package dev.dsmq.client.autoconfigure;

import dev.dsmq.client.DsmqClient;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code dsmq} health component: up while the client is connected to the server or can connect to it now.
 */
class DsmqHealthIndicator extends AbstractHealthIndicator {

	private final DsmqClient client;

	DsmqHealthIndicator(DsmqClient client) {
		super("dsmq health check failed");
		this.client = client;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.withDetail("address", this.client.getAddress());
		this.client.connect();
		builder.up();
	}

}
