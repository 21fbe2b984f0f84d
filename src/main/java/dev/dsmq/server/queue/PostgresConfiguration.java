package dev.dsmq.server.queue;

import java.time.Clock;

import javax.sql.DataSource;

import dev.dsmq.server.DsmqProperties;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The store on a PostgreSQL database that many nodes share, where {@code spring.datasource.url} names one: Spring
 * Boot's pooled {@link DataSource} (HikariCP) from the {@code spring.datasource.*} keys, the schema brought up to
 * date by {@link PostgresSchema}, the queue on top of it and the store's meters.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(StoreKind.Postgres.class)
class PostgresConfiguration {

	private static final Log logger = LogFactory.getLog(PostgresConfiguration.class);

	@Bean
	PostgresQueue postgresQueue(DataSource dataSource, Clock clock, DsmqProperties properties) {
		PostgresSchema.migrate(dataSource);
		logger.info("Keeping messages in PostgreSQL (" + StoreKind.URL + "), shared with every node on it");
		return new PostgresQueue(dataSource, clock, properties.getTimeToLive(), QueueConfiguration.heldLimits(properties),
				QueueConfiguration.groupLimits(properties));
	}

	/**
	 * What the store holds and what left it, as the node that ran the last expiry counted it: the meters of the
	 * SQLite store by the same names, so that dashboards work for either.
	 */
	@Bean
	MeterBinder postgresQueueMetrics(PostgresQueue queue) {
		return (MeterRegistry registry) -> {
			Gauge.builder("dsmq.messages.held", queue, (held) -> held.counts().messages())
				.description("Messages held in all topics")
				.register(registry);
			Gauge.builder("dsmq.bytes.held", queue, (held) -> held.counts().bytes())
				.description("Bytes the topics held and their messages cost, as counted against dsmq.max-held-bytes")
				.baseUnit("bytes")
				.register(registry);
			FunctionCounter.builder("dsmq.messages.dropped", queue, (held) -> held.counts().droppedForTopicLimit())
				.description("Messages dropped to keep within a limit, oldest first")
				.tag("reason", "topic-limit")
				.register(registry);
			FunctionCounter.builder("dsmq.messages.dropped", queue, (held) -> held.counts().droppedForByteLimit())
				.description("Messages dropped to keep within a limit, oldest first")
				.tag("reason", "byte-limit")
				.register(registry);
			FunctionCounter.builder("dsmq.messages.expired", queue, (held) -> held.counts().expired())
				.description("Messages deleted after their time to live")
				.register(registry);
		};
	}

}
