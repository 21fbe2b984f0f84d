package dev.dsmq.client.autoconfigure;

import dev.dsmq.client.DsmqClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DsmqClientPropertiesTests {

	private final DsmqClientProperties properties = new DsmqClientProperties();

	@Test
	void defaultsAreTheClientDefaults() {
		assertThat(this.properties.getHost()).isEqualTo(DsmqClient.DEFAULT_HOST);
		assertThat(this.properties.getPort()).isEqualTo(DsmqClient.DEFAULT_PORT);
		assertThat(this.properties.getConnectTimeout()).isEqualTo(DsmqClient.DEFAULT_CONNECT_TIMEOUT);
		assertThat(this.properties.getRequestTimeout()).isEqualTo(DsmqClient.DEFAULT_REQUEST_TIMEOUT);
		assertThat(this.properties.getReconnect().getInitialBackoff())
			.isEqualTo(DsmqClient.DEFAULT_RECONNECT_BACKOFF_INITIAL);
		assertThat(this.properties.getReconnect().getMaxBackoff()).isEqualTo(DsmqClient.DEFAULT_RECONNECT_BACKOFF_MAX);
	}

	@Test
	void tokenAndTlsAreOffByDefault() {
		assertThat(this.properties.getToken()).isNull();
		assertThat(this.properties.getTls().getBundle()).isNull();
	}

	@Test
	void listenerWaitDefaultsToHalfAMinute() {
		assertThat(this.properties.getListener().getWait()).hasSeconds(30);
	}

}
