package dev.dsmq.server;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

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
		assertThat(properties.getBacklog()).isEqualTo(1024);
	}

	@Test
	void bindsKebabCaseKeysWithDurationsAndSizes() {
		DsmqProperties properties = bind(new MapConfigurationPropertySource(Map.of("dsmq.host", "0.0.0.0", "dsmq.port",
				"30009", "dsmq.time-to-live", "30s", "dsmq.purge-interval", "250ms", "dsmq.shutdown-policy", "never",
				"dsmq.max-body-size", "1MB", "dsmq.backlog", "50")));
		assertThat(properties.getHost()).isEqualTo("0.0.0.0");
		assertThat(properties.getPort()).isEqualTo(30009);
		assertThat(properties.getTimeToLive()).isEqualTo(Duration.ofSeconds(30));
		assertThat(properties.getPurgeInterval()).isEqualTo(Duration.ofMillis(250));
		assertThat(properties.getShutdownPolicy()).isEqualTo(ShutdownPolicy.NEVER);
		assertThat(properties.getMaxBodySize()).isEqualTo(DataSize.ofMegabytes(1));
		assertThat(properties.getBacklog()).isEqualTo(50);
	}

	@Test
	void bindsEnvironmentVariables() {
		SystemEnvironmentPropertySource environment = new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				Map.of("DSMQ_PORT", "30010", "DSMQ_TIME_TO_LIVE", "45s", "DSMQ_SHUTDOWN_POLICY", "any"));
		DsmqProperties properties = new Binder(ConfigurationPropertySources.from(environment))
			.bindOrCreate("dsmq", DsmqProperties.class);
		assertThat(properties.getPort()).isEqualTo(30010);
		assertThat(properties.getTimeToLive()).isEqualTo(Duration.ofSeconds(45));
		assertThat(properties.getShutdownPolicy()).isEqualTo(ShutdownPolicy.ANY);
	}

	@ParameterizedTest
	@CsvSource({ "dsmq.port, 70000", "dsmq.port, -1", "dsmq.time-to-live, 0s", "dsmq.purge-interval, -1s",
			"dsmq.max-body-size, 9000000B", "dsmq.backlog, 0" })
	void refusesValuesOutsideTheirRange(String name, String value) {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(new MapConfigurationPropertySource(Map.of(name, value))))
			.withStackTraceContaining(name);
	}

	private static DsmqProperties bind(MapConfigurationPropertySource source) {
		return new Binder(source).bindOrCreate("dsmq", DsmqProperties.class);
	}

}
