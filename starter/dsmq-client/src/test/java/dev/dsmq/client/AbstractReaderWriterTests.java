package dev.dsmq.client;

import java.util.concurrent.atomic.AtomicInteger;

import dev.dsmq.test.EmbeddedDsmqServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Base for tests against one real server per class: each test has a connected reader, a writer that connects on
 * its first request, and a topic of its own.
 */
abstract class AbstractReaderWriterTests {

	private static final AtomicInteger topics = new AtomicInteger();

	@RegisterExtension
	static final EmbeddedDsmqServer server = EmbeddedDsmqServer.onFreePort();

	DsmqClient reader;

	DsmqClient writer;

	String topic;

	@BeforeEach
	void connect() {
		this.reader = TestClients.of(server);
		this.reader.connect();
		this.writer = TestClients.of(server);
		this.topic = "topic-" + topics.incrementAndGet();
	}

	@AfterEach
	void close() {
		this.reader.close();
		this.writer.close();
	}

}
