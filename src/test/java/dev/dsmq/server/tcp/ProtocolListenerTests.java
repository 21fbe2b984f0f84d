package dev.dsmq.server.tcp;

import java.util.ArrayList;
import java.util.List;

import dev.dsmq.server.DsmqTestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The protocol port's connection factory keeps its list of open connections as they open and close, rather than
 * walking it for closed ones after every accept.
 */
@SpringBootTest(properties = "dsmq.port=0")
class ProtocolListenerTests {

	@Autowired
	private ProtocolListener listener;

	@Test
	void closedConnectionsLeaveTheListAsTheyCloseWithoutWaitingForTheNextAccept() {
		int listedBefore = this.listener.listed();
		List<DsmqTestClient> clients = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			DsmqTestClient client = DsmqTestClient.connect(this.listener.getPort());
			assertThat(client.get("listed")).isEmpty();
			clients.add(client);
		}
		assertThat(this.listener.listed()).isEqualTo(listedBefore + 20);
		clients.forEach(DsmqTestClient::close);
		await().until(() -> this.listener.listed() == listedBefore);
	}

}
