package dev.dsmq.client.autoconfigure;

import java.util.Optional;

import dev.dsmq.client.DsmqClient;
import dev.dsmq.client.DsmqConnectionException;
import dev.dsmq.test.EmbeddedDsmqServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code dsmq.client.token} and {@code dsmq.client.tls.bundle} against a real server that requires TLS and a token.
 */
class DsmqSecurityTests {

	/** The server's test certificates, kept once for the repository, under the server's test resources. */
	private static final String TLS = "file:../../src/test/resources/tls/";

	private static final String TOKEN = "starter-test-token";

	@RegisterExtension
	static final EmbeddedDsmqServer server = EmbeddedDsmqServer.onFreePort("dsmq.auth.token=" + TOKEN,
			"spring.ssl.bundle.pem.dsmq.keystore.certificate=" + TLS + "server.crt",
			"spring.ssl.bundle.pem.dsmq.keystore.private-key=" + TLS + "server.key",
			"spring.ssl.bundle.pem.dsmq.truststore.certificate=" + TLS + "ca.crt", "dsmq.tls.bundle=dsmq",
			"dsmq.tls.client-auth=need");

	private final ApplicationContextRunner runner = TestRunners.against(server)
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
		.withPropertyValues("spring.ssl.bundle.pem.dsmq-client.truststore.certificate=" + TLS + "ca.crt",
				"spring.ssl.bundle.pem.dsmq-client.keystore.certificate=" + TLS + "client.crt",
				"spring.ssl.bundle.pem.dsmq-client.keystore.private-key=" + TLS + "client.key",
				"dsmq.client.tls.bundle=dsmq-client");

	@Test
	void templatePutsAndGetsOverMutualTlsWithTheToken() {
		this.runner.withPropertyValues("dsmq.client.token=" + TOKEN).run((context) -> {
			DsmqTemplate template = context.getBean(DsmqTemplate.class);
			context.getBean(DsmqClient.class).connect();
			template.put("starter-secure", "sealed");
			assertThat(template.get("starter-secure", String.class)).isEqualTo(Optional.of("sealed"));
		});
	}

	@Test
	void wrongTokenFailsTheClientsConnect() {
		this.runner.withPropertyValues("dsmq.client.token=not-" + TOKEN).run((context) -> {
			DsmqClient client = context.getBean(DsmqClient.class);
			assertThatExceptionOfType(DsmqConnectionException.class).isThrownBy(client::connect)
				.withMessageContaining("the server refused the token");
		});
	}

	@Test
	void unknownBundleFailsStartup() {
		this.runner.withPropertyValues("dsmq.client.tls.bundle=missing").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().isInstanceOf(NoSuchSslBundleException.class);
		});
	}

	@Test
	void emptyTokenFailsStartupWithoutShowingIt() {
		this.runner.withPropertyValues("dsmq.client.token=").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("dsmq.client.token");
		});
	}

}
