package dev.dsmq.server.queue;

import java.time.Clock;

import dev.dsmq.server.DsmqProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.init.DatabasePopulatorUtils;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The message store: one SQLite connection, its schema, and the queue on top of it.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class QueueConfiguration {

	private static final Log logger = LogFactory.getLog(QueueConfiguration.class);

	/**
	 * An in-memory SQLite database lives exactly as long as its one connection, so the connection is never pooled,
	 * retired or closed before the application context. Sequence numbers are assigned by the queue, so the driver
	 * need not ask for each insert's generated key, which would cost a query per put.
	 */
	@Bean
	SingleConnectionDataSource dsmqDataSource() {
		SingleConnectionDataSource dataSource = new SingleConnectionDataSource(
				"jdbc:sqlite::memory:?jdbc.get_generated_keys=false", true);
		DatabasePopulatorUtils.execute(new ResourceDatabasePopulator(new ClassPathResource("schema.sql", getClass())),
				dataSource);
		return dataSource;
	}

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	QueueService queueService(JdbcTemplate jdbcTemplate, Clock clock, DsmqProperties properties) {
		MessageStore.HeldLimits limits = new MessageStore.HeldLimits(properties.getMaxMessagesPerTopic(),
				properties.effectiveMaxHeldBytes().toBytes());
		logger.info("Holding at most " + limits.maxMessagesPerTopic() + " messages per topic and "
				+ limits.maxHeldBytes() + " bytes of messages in all, for " + properties.getTimeToLive().toSeconds()
				+ " s each");
		return new QueueService(jdbcTemplate, clock, properties.getTimeToLive(), limits);
	}

	@Bean
	QueueMetrics queueMetrics(QueueService queueService) {
		return new QueueMetrics(queueService);
	}

	@Bean
	WaitingReadsRelease waitingReadsRelease(QueueService queueService) {
		return new WaitingReadsRelease(queueService);
	}

	@Bean
	ExpiryTask expiryTask(QueueService queueService) {
		return new ExpiryTask(queueService);
	}

}
