package dev.dsmq.server.queue;

import java.nio.file.Path;
import java.time.Clock;

import dev.dsmq.server.DsmqProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The message store and the queue on top of it: the embedded SQLite store of one process ({@link Sqlite}, the
 * default), or a PostgreSQL database that many nodes share ({@link PostgresConfiguration}) where
 * {@code spring.datasource.url} names one; for either, expiry and the end of waits as the server stops.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class QueueConfiguration {

	private static final Log logger = LogFactory.getLog(QueueConfiguration.class);

	/** The URL of the in-memory store, also for the tests that drive a {@link QueueService} on one of their own. */
	static final String IN_MEMORY = "jdbc:sqlite::memory:?jdbc.get_generated_keys=false";

	/** The options of a store file, also for the tests that drive a {@link QueueService} on one of their own. */
	static final String FILE_OPTIONS = "?jdbc.get_generated_keys=false&journal_mode=WAL&synchronous=NORMAL";

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	TopicRates topicRates() {
		return new TopicRates();
	}

	@Bean
	WaitingReadsRelease waitingReadsRelease(MessageQueue queue) {
		return new WaitingReadsRelease(queue);
	}

	@Bean
	ExpiryTask expiryTask(MessageQueue queue) {
		return new ExpiryTask(queue);
	}

	/**
	 * Return how much the store may hold, logged once as the store starts.
	 */
	static HeldLimits heldLimits(DsmqProperties properties) {
		HeldLimits limits = new HeldLimits(properties.getMaxMessagesPerTopic(),
				properties.effectiveMaxHeldBytes().toBytes(), properties.getStore().getCacheSize().toBytes());
		logger.info("Holding at most " + limits.maxMessagesPerTopic() + " messages per topic and "
				+ limits.maxHeldBytes() + " bytes of messages in all, for " + properties.getTimeToLive().toSeconds()
				+ " s each");
		return limits;
	}

	static GroupLimits groupLimits(DsmqProperties properties) {
		DsmqProperties.Groups groups = properties.getGroups();
		return new GroupLimits(groups.getVisibilityTimeout(), groups.getMaxRetrievals(), groups.getMaxPerTopic(),
				groups.getMaxTotal());
	}

	/**
	 * The embedded SQLite store: one connection, its schema (brought up to date by {@link StoreSchema}), the queue on
	 * top of it and its meters.
	 */
	@Configuration(proxyBeanMethods = false)
	@Conditional(StoreKind.Sqlite.class)
	static class Sqlite {

		/**
		 * An in-memory SQLite database lives exactly as long as its one connection, so the connection is never
		 * pooled, retired or closed before the application context; all statements go through the queue's lock
		 * anyway, so a file database gets one connection too. A file database runs in WAL mode with
		 * {@code synchronous=NORMAL}: a commit survives the process crashing, and only a power cut can lose the last
		 * ones. Sequence numbers are assigned by the queue, so the driver need not ask for each insert's generated
		 * key, which would cost a query per put.
		 */
		@Bean
		SingleConnectionDataSource dsmqDataSource(DsmqProperties properties) {
			Path path = properties.getStore().getPath();
			if (path == null) {
				SingleConnectionDataSource dataSource = new SingleConnectionDataSource(IN_MEMORY, true);
				StoreSchema.create(dataSource);
				return dataSource;
			}
			String file = path.toAbsolutePath().toString();
			logger.info("Keeping messages in " + file + " (dsmq.store.path)");
			SingleConnectionDataSource dataSource = new SingleConnectionDataSource(
					"jdbc:sqlite:" + file + FILE_OPTIONS, true);
			StoreSchema.migrate(dataSource, file);
			return dataSource;
		}

		@Bean
		QueueService queueService(JdbcTemplate jdbcTemplate, Clock clock, DsmqProperties properties,
				TopicRates topicRates) {
			return new QueueService(jdbcTemplate, clock, properties.getTimeToLive(), heldLimits(properties),
					topicRates, groupLimits(properties));
		}

		@Bean
		QueueMetrics queueMetrics(QueueService queueService) {
			return new QueueMetrics(queueService);
		}

		@Bean
		TopicMeters topicMeters(QueueService queueService, DsmqProperties properties) {
			DsmqProperties.Metrics metrics = properties.getMetrics();
			return new TopicMeters(queueService, metrics.getMaxTopics(), metrics.getMaxTagLength());
		}

		@Bean
		GroupMeters groupMeters(QueueService queueService, DsmqProperties properties, TopicMeters topicMeters) {
			return new GroupMeters(queueService, properties.getMetrics().getMaxGroups(), topicMeters);
		}

	}

}
