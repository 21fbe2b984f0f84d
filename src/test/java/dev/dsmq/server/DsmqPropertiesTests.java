package dev.dsmq.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code dsmq.*} properties: their defaults, how they bind, and what they refuse.
 */
class DsmqPropertiesTests {

	@Test
	void defaultsAreTheDocumentedOnes() {
		DsmqProperties properties = new DsmqProperties();
		assertThat(properties.getHost()).isEqualTo("127.0.0.1");
		assertThat(properties.getPort()).isEqualTo(30008);
		assertThat(properties.getTimeToLive()).isEqualTo(Duration.ofSeconds(600));
		assertThat(properties.getPurgeInterval()).isEqualTo(Duration.ofSeconds(1));
		assertThat(properties.getShutdownPolicy()).isEqualTo(ShutdownPolicy.LOOPBACK);
		assertThat(properties.getMaxBodySize()).isEqualTo(DataSize.ofBytes(8_999_999));
		assertThat(properties.getBacklog()).isEqualTo(4096);
		assertThat(properties.getMaxWait()).isEqualTo(Duration.ofSeconds(60));
		assertThat(properties.getMaxConnections()).isEqualTo(10_000);
		assertThat(properties.isVirtualThreads()).isTrue();
		assertThat(properties.getFrameTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(properties.getIdleTimeout()).isZero();
		assertThat(properties.getMaxMessagesPerTopic()).isEqualTo(1_000_000);
		assertThat(properties.getMaxHeldBytes()).isNull();
		assertThat(properties.getStore().getPath()).isNull();
		assertThat(properties.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(properties.getMetrics().getMaxTopics()).isEqualTo(100);
		assertThat(properties.getMetrics().getMaxTagLength()).isEqualTo(64);
		assertThat(properties.effectiveMaxHeldBytes().toBytes()).isEqualTo(Runtime.getRuntime().maxMemory() / 4);
		assertThat(properties.getTls().getBundle()).isNull();
		assertThat(properties.getTls().getClientAuth()).isEqualTo(DsmqProperties.Tls.ClientAuth.NONE);
		assertThat(properties.getTls().getHandshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(properties.getAuth().getToken()).isNull();
		assertThat(properties.getPage().isEnabled()).isTrue();
		assertThat(properties.getMaxInFlightBytes()).isNull();
		assertThat(properties.effectiveMaxInFlightBytes().toBytes()).isEqualTo(Runtime.getRuntime().maxMemory() / 8);
		assertThat(properties.getMaxTopicLength()).isEqualTo(DataSize.ofBytes(1024));
		assertThat(properties.getMaxNestingDepth()).isEqualTo(1000);
		assertThat(properties.getMaxReadPositions()).isEqualTo(1000);
		assertThat(properties.getWriteTimeout()).isEqualTo(Duration.ofSeconds(30));
		assertThat(properties.getGroups().getVisibilityTimeout()).isEqualTo(Duration.ofSeconds(60));
		assertThat(properties.getGroups().getMaxRetrievals()).isEqualTo(5);
		assertThat(properties.getGroups().getMaxPerTopic()).isEqualTo(100);
		assertThat(properties.getGroups().getMaxTotal()).isEqualTo(10_000);
		assertThat(properties.getMetrics().getMaxGroups()).isEqualTo(100);
		assertThat(properties.getWebsocket().getMaxHandshakeSize()).isEqualTo(DataSize.ofKilobytes(8));
		assertThat(properties.getWebsocket().getMaxFramesPerMessage()).isEqualTo(1024);
		assertThat(properties.getMaxHeaders()).isEqualTo(64);
		assertThat(properties.getMaxHeadersSize()).isEqualTo(DataSize.ofKilobytes(8));
	}

	@Test
	void bindingNothingKeepsTheDefaults() {
		DsmqProperties properties = bind(Map.of("other.port", "1"));
		assertThat(properties.getPort()).isEqualTo(30008);
		assertThat(properties.getTimeToLive()).isEqualTo(Duration.ofSeconds(600));
		assertThat(properties.getMaxBodySize()).isEqualTo(DataSize.ofBytes(8_999_999));
		assertThat(properties.getStore().getCacheSize()).isEqualTo(DataSize.ofMegabytes(8));
	}

	@Test
	void bindsKebabCaseKeysWithDurationsAndSizes() {
		DsmqProperties properties = bind(Map.ofEntries(entry("dsmq.host", "0.0.0.0"), entry("dsmq.port", "30009"),
				entry("dsmq.time-to-live", "30s"), entry("dsmq.purge-interval", "250ms"),
				entry("dsmq.shutdown-policy", "never"), entry("dsmq.max-body-size", "1MB"), entry("dsmq.backlog", "50"),
				entry("dsmq.max-wait", "2m"), entry("dsmq.max-connections", "10"),
				entry("dsmq.virtual-threads", "false"), entry("dsmq.frame-timeout", "3s"),
				entry("dsmq.idle-timeout", "5m"), entry("dsmq.max-messages-per-topic", "500"),
				entry("dsmq.max-held-bytes", "64MB"), entry("dsmq.store.path", "/var/lib/dsmq/dsmq.db"),
				entry("dsmq.store.cache-size", "0B"),
				entry("dsmq.shutdown-timeout", "1s"), entry("dsmq.metrics.max-topics", "20"),
				entry("dsmq.metrics.max-tag-length", "32"),
				entry("dsmq.tls.bundle", "server"), entry("dsmq.tls.client-auth", "need"),
				entry("dsmq.tls.handshake-timeout", "2s"), entry("dsmq.auth.token", "t0ken"),
				entry("dsmq.max-in-flight-bytes", "16MB"), entry("dsmq.max-topic-length", "256B"),
				entry("dsmq.max-nesting-depth", "64"), entry("dsmq.write-timeout", "1m"),
				entry("dsmq.max-read-positions", "50"), entry("dsmq.groups.visibility-timeout", "1500ms"),
				entry("dsmq.groups.max-retrievals", "0"), entry("dsmq.groups.max-per-topic", "3"),
				entry("dsmq.groups.max-total", "7"), entry("dsmq.metrics.max-groups", "0"),
				entry("dsmq.websocket.max-handshake-size", "16KB"), entry("dsmq.websocket.max-frames-per-message", "8"),
				entry("dsmq.max-headers", "16"), entry("dsmq.max-headers-size", "1KB")));
		assertThat(properties.getHost()).isEqualTo("0.0.0.0");
		assertThat(properties.getPort()).isEqualTo(30009);
		assertThat(properties.getTimeToLive()).isEqualTo(Duration.ofSeconds(30));
		assertThat(properties.getPurgeInterval()).isEqualTo(Duration.ofMillis(250));
		assertThat(properties.getShutdownPolicy()).isEqualTo(ShutdownPolicy.NEVER);
		assertThat(properties.getMaxBodySize()).isEqualTo(DataSize.ofMegabytes(1));
		assertThat(properties.getBacklog()).isEqualTo(50);
		assertThat(properties.getMaxWait()).isEqualTo(Duration.ofMinutes(2));
		assertThat(properties.getMaxConnections()).isEqualTo(10);
		assertThat(properties.isVirtualThreads()).isFalse();
		assertThat(properties.getFrameTimeout()).isEqualTo(Duration.ofSeconds(3));
		assertThat(properties.getIdleTimeout()).isEqualTo(Duration.ofMinutes(5));
		assertThat(properties.getMaxMessagesPerTopic()).isEqualTo(500);
		assertThat(properties.effectiveMaxHeldBytes()).isEqualTo(DataSize.ofMegabytes(64));
		assertThat(properties.getStore().getPath()).isEqualTo(Path.of("/var/lib/dsmq/dsmq.db"));
		assertThat(properties.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(1));
		assertThat(properties.getMetrics().getMaxTopics()).isEqualTo(20);
		assertThat(properties.getMetrics().getMaxTagLength()).isEqualTo(32);
		assertThat(properties.getTls().getBundle()).isEqualTo("server");
		assertThat(properties.getTls().getClientAuth()).isEqualTo(DsmqProperties.Tls.ClientAuth.NEED);
		assertThat(properties.getTls().getHandshakeTimeout()).isEqualTo(Duration.ofSeconds(2));
		assertThat(properties.getAuth().getToken()).isEqualTo("t0ken");
		assertThat(properties.effectiveMaxInFlightBytes()).isEqualTo(DataSize.ofMegabytes(16));
		assertThat(properties.getMaxTopicLength()).isEqualTo(DataSize.ofBytes(256));
		assertThat(properties.getMaxNestingDepth()).isEqualTo(64);
		assertThat(properties.getMaxReadPositions()).isEqualTo(50);
		assertThat(properties.getWriteTimeout()).isEqualTo(Duration.ofMinutes(1));
		assertThat(properties.getGroups().getVisibilityTimeout()).isEqualTo(Duration.ofMillis(1500));
		assertThat(properties.getGroups().getMaxRetrievals()).isZero();
		assertThat(properties.getGroups().getMaxPerTopic()).isEqualTo(3);
		assertThat(properties.getGroups().getMaxTotal()).isEqualTo(7);
		assertThat(properties.getMetrics().getMaxGroups()).isZero();
		assertThat(properties.getWebsocket().getMaxHandshakeSize()).isEqualTo(DataSize.ofKilobytes(16));
		assertThat(properties.getWebsocket().getMaxFramesPerMessage()).isEqualTo(8);
		assertThat(properties.getMaxHeaders()).isEqualTo(16);
		assertThat(properties.getMaxHeadersSize()).isEqualTo(DataSize.ofKilobytes(1));
	}

	@Test
	void bindsEnvironmentVariables() {
		SystemEnvironmentPropertySource environment = new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				Map.of("DSMQ_PORT", "30009", "DSMQ_TIME_TO_LIVE", "30s", "DSMQ_MAX_BODY_SIZE", "1MB",
						"DSMQ_SHUTDOWN_POLICY", "any", "DSMQ_AUTH_TOKEN", "from-the-environment", "DSMQ_TLS_BUNDLE",
						"server", "DSMQ_TLS_CLIENTAUTH", "want"));
		DsmqProperties properties = new Binder(ConfigurationPropertySources.from(environment))
			.bindOrCreate("dsmq", DsmqProperties.class);
		assertThat(properties.getPort()).isEqualTo(30009);
		assertThat(properties.getTimeToLive()).isEqualTo(Duration.ofSeconds(30));
		assertThat(properties.getMaxBodySize()).isEqualTo(DataSize.ofMegabytes(1));
		assertThat(properties.getShutdownPolicy()).isEqualTo(ShutdownPolicy.ANY);
		assertThat(properties.getAuth().getToken()).isEqualTo("from-the-environment");
		assertThat(properties.getTls().getBundle()).isEqualTo("server");
		assertThat(properties.getTls().getClientAuth()).isEqualTo(DsmqProperties.Tls.ClientAuth.WANT);
	}

	@Test
	void acceptsTheEndsOfEveryRange() {
		DsmqProperties lowest = bind(Map.of("dsmq.port", "0", "dsmq.time-to-live", "1ms", "dsmq.purge-interval",
				"1ms", "dsmq.max-body-size", "0B", "dsmq.backlog", "1", "dsmq.max-wait", "0s",
				"dsmq.metrics.max-topics", "0", "dsmq.metrics.max-tag-length", "18", "dsmq.websocket.max-handshake-size",
				"1B", "dsmq.websocket.max-frames-per-message", "1"));
		assertThat(lowest.getPort()).isZero();
		assertThat(lowest.getTimeToLive()).isEqualTo(Duration.ofMillis(1));
		assertThat(lowest.getPurgeInterval()).isEqualTo(Duration.ofMillis(1));
		assertThat(lowest.getMaxBodySize()).isEqualTo(DataSize.ofBytes(0));
		assertThat(lowest.getBacklog()).isEqualTo(1);
		assertThat(lowest.getMaxWait()).isZero();
		assertThat(lowest.getMetrics().getMaxTopics()).isZero();
		assertThat(lowest.getMetrics().getMaxTagLength()).isEqualTo(18);
		assertThat(lowest.getWebsocket().getMaxHandshakeSize()).isEqualTo(DataSize.ofBytes(1));
		assertThat(lowest.getWebsocket().getMaxFramesPerMessage()).isEqualTo(1);
		DsmqProperties fewestHeaders = bind(Map.of("dsmq.max-headers", "0", "dsmq.max-headers-size", "2B"));
		assertThat(fewestHeaders.getMaxHeaders()).isZero();
		assertThat(fewestHeaders.getMaxHeadersSize()).isEqualTo(DataSize.ofBytes(2));
		DsmqProperties highest = bind(Map.of("dsmq.port", "65535", "dsmq.max-body-size", "8999999B",
				"dsmq.websocket.max-handshake-size", "64KB", "dsmq.max-headers-size", "8999999B"));
		assertThat(highest.getPort()).isEqualTo(65535);
		assertThat(highest.getMaxBodySize()).isEqualTo(DataSize.ofBytes(8_999_999));
		assertThat(highest.getWebsocket().getMaxHandshakeSize()).isEqualTo(DataSize.ofKilobytes(64));
		assertThat(highest.getMaxHeadersSize()).isEqualTo(DataSize.ofBytes(8_999_999));
	}

	@ParameterizedTest
	@CsvSource({ "dsmq.port, 70000", "dsmq.port, -1", "dsmq.time-to-live, 0s", "dsmq.time-to-live, -5s",
			"dsmq.purge-interval, 0ms", "dsmq.purge-interval, -1s", "dsmq.max-body-size, 9000000B",
			"dsmq.max-body-size, 9MB", "dsmq.max-body-size, -1B", "dsmq.backlog, 0",
			"dsmq.max-wait, -1s", "dsmq.max-connections, 0", "dsmq.frame-timeout, 0s", "dsmq.idle-timeout, -1s",
			"dsmq.max-messages-per-topic, 0", "dsmq.max-held-bytes, 0B", "dsmq.shutdown-timeout, -1s",
			"dsmq.metrics.max-topics, -1", "dsmq.metrics.max-tag-length, 17", "dsmq.tls.handshake-timeout, 0s",
			"dsmq.tls.bundle, ' '", "dsmq.auth.token, ''", "dsmq.max-in-flight-bytes, 0B", "dsmq.max-topic-length, 0B",
			"dsmq.max-topic-length, 9MB", "dsmq.max-nesting-depth, 0", "dsmq.write-timeout, 0s",
			"dsmq.max-read-positions, 0", "dsmq.groups.visibility-timeout, 0s", "dsmq.groups.max-retrievals, -1",
			"dsmq.groups.max-per-topic, 0", "dsmq.groups.max-total, 0", "dsmq.metrics.max-groups, -1",
			"dsmq.websocket.max-handshake-size, 0B", "dsmq.websocket.max-handshake-size, 65537B",
			"dsmq.websocket.max-handshake-size, -1B", "dsmq.websocket.max-frames-per-message, 0",
			"dsmq.websocket.max-frames-per-message, -1", "dsmq.max-headers, -1", "dsmq.max-headers-size, 1B",
			"dsmq.max-headers-size, 9MB", "dsmq.store.cache-size, -1B" })
	void refusesValuesOutsideTheirRangeNamingTheProperty(String name, String value) {
		assertThatExceptionOfType(BindException.class).isThrownBy(() -> bind(Map.of(name, value)))
			.satisfies((ex) -> assertThat(ex.getProperty().getName()).hasToString(name))
			.havingRootCause()
			.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (cause) -> {
				assertThat(cause.getName()).isEqualTo(name);
				assertThat(cause.getMessage()).contains(name);
			});
	}

	private static DsmqProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("dsmq", DsmqProperties.class);
	}

}
