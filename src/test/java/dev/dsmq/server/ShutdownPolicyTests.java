package dev.dsmq.server;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may stop the server.
 */
class ShutdownPolicyTests {

	@Test
	void loopbackPermitsOnlyLoopbackPeers() throws UnknownHostException {
		assertThat(ShutdownPolicy.LOOPBACK.permits(InetAddress.getByName("127.0.0.1"))).isTrue();
		assertThat(ShutdownPolicy.LOOPBACK.permits(InetAddress.getByName("127.8.9.10"))).isTrue();
		assertThat(ShutdownPolicy.LOOPBACK.permits(InetAddress.getByName("::1"))).isTrue();
		assertThat(ShutdownPolicy.LOOPBACK.permits(InetAddress.getByName("192.0.2.1"))).isFalse();
		assertThat(ShutdownPolicy.LOOPBACK.permits(InetAddress.getByName("2001:db8::1"))).isFalse();
	}

	@Test
	void neverPermitsNobody() throws UnknownHostException {
		assertThat(ShutdownPolicy.NEVER.permits(InetAddress.getByName("127.0.0.1"))).isFalse();
	}

	@Test
	void anyPermitsEverybody() throws UnknownHostException {
		assertThat(ShutdownPolicy.ANY.permits(InetAddress.getByName("192.0.2.1"))).isTrue();
	}

}
