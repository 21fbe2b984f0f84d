package dev.dsmq.client.autoconfigure.example;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.dsmq.client.autoconfigure.DsmqListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

/**
 * Logs every greeting and keeps it.
 */
@Component
public class GreetingListener {

	private static final Log logger = LogFactory.getLog(GreetingListener.class);

	private final List<Greeting> received = new CopyOnWriteArrayList<>();

	@DsmqListener(topic = "greetings")
	void onGreeting(Greeting greeting) {
		logger.info(greeting.from() + " says " + greeting.text());
		this.received.add(greeting);
	}

	public List<Greeting> getReceived() {
		return this.received;
	}

}
