package dev.dsmq.server.tcp;

import java.util.List;

import dev.dsmq.server.DsmqTestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dsmq.virtual-threads=false}: each connection is served on a platform thread of its own, on every JDK.
 */
@SpringBootTest(properties = { "dsmq.port=0", "dsmq.virtual-threads=false" })
class PlatformConnectionThreadsTests {

	private static final int CROWD = 300;

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Test
	void hundredsOfConnectionsAreAllAnsweredEachOnAPlatformThreadOfItsOwn() {
		List<DsmqTestClient> crowd = ConnectionThreadsTests.openAnsweredCrowd(this.connectionFactory.getPort(), CROWD);
		try {
			assertThat(ConnectionThreadsTests.platformConnectionThreads()).isGreaterThanOrEqualTo(CROWD);
		}
		finally {
			crowd.forEach(DsmqTestClient::close);
		}
	}

}
