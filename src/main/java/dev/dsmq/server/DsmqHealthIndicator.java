package dev.dsmq.server;

import java.util.Optional;

import dev.dsmq.server.queue.MessageQueue;
import dev.dsmq.server.queue.QueueStats;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * The {@code dsmq} health component: up while the protocol listener accepts connections and the store answers and
 * takes changes. What it shows is counted in memory: a health check runs one trivial statement, never a scan.
 */
@Component
class DsmqHealthIndicator extends AbstractHealthIndicator {

	private final TcpNetServerConnectionFactory connectionFactory;

	private final MessageQueue queue;

	private final String host;

	DsmqHealthIndicator(TcpNetServerConnectionFactory connectionFactory, MessageQueue queue,
			DsmqProperties properties) {
		super("dsmq health check failed");
		this.connectionFactory = connectionFactory;
		this.queue = queue;
		this.host = properties.getHost();
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.withDetail("address", this.host + ":" + this.connectionFactory.getPort())
			.withDetail("store", this.queue.storeName());
		// stopped counts at once: the accept loop only notes that it no longer listens once its thread has seen the
		// socket close, a moment after stop() returns
		if (!this.connectionFactory.isRunning() || !this.connectionFactory.isListening()) {
			builder.down().withDetail("reason", "not listening");
			return;
		}
		QueueStats stats = this.queue.stats();
		builder.withDetail("connections", this.connectionFactory.getOpenConnectionIds().size())
			.withDetail("topics", stats.topics())
			.withDetail("messages", stats.messages());
		Optional<String> problem = this.queue.storeProblem();
		if (problem.isPresent()) {
			builder.down().withDetail("reason", problem.get());
			return;
		}
		builder.up();
	}

}
