package dev.dsmq.client.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.ObjectMapper;

import org.springframework.context.SmartLifecycle;

/**
 * Starts a {@link ListenerLoop}, with its own connection and thread, for each topic that has broadcast
 * {@link DsmqListener} methods and for each consumer of each topic and group, when the application context starts,
 * and stops them when it stops.
 */
class DsmqListenerContainer implements SmartLifecycle {

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

	private final DsmqListenerBeanPostProcessor listeners;

	private final DsmqClientFactory clients;

	private final ObjectMapper mapper;

	private final DsmqClientProperties properties;

	private final ListenerObserver observer;

	private final Map<ListenerLoop, Thread> loops = new LinkedHashMap<>();

	private volatile boolean running;

	DsmqListenerContainer(DsmqListenerBeanPostProcessor listeners, DsmqClientFactory clients, ObjectMapper mapper,
			DsmqClientProperties properties, ListenerObserver observer) {
		this.listeners = listeners;
		this.clients = clients;
		this.mapper = mapper;
		this.properties = properties;
		this.observer = observer;
	}

	@Override
	public synchronized void start() {
		Map<List<String>, List<ListenerEndpoint>> byTopicAndGroup = new LinkedHashMap<>();
		for (ListenerEndpoint endpoint : this.listeners.getEndpoints()) {
			byTopicAndGroup.computeIfAbsent(List.of(endpoint.topic(), endpoint.group()), (key) -> new ArrayList<>())
				.add(endpoint);
		}
		byTopicAndGroup.forEach((key, endpoints) -> {
			String topic = key.get(0);
			String group = key.get(1);
			int consumers = endpoints.stream().mapToInt(ListenerEndpoint::concurrency).max().orElse(1);
			for (int i = 1; i <= consumers; i++) {
				ListenerLoop loop = new ListenerLoop(topic, group, endpoints, this.clients.create(), this.mapper,
						this.properties, this.observer);
				loop.connect();
				Thread thread = new Thread(loop, "dsmq-listener-" + topic
						+ (group.isEmpty() ? "" : "-" + group + ((consumers > 1) ? "-" + i : "")));
				thread.setDaemon(true);
				this.loops.put(loop, thread);
				thread.start();
			}
		});
		this.running = true;
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		this.loops.keySet().forEach(ListenerLoop::stop);
		for (Thread thread : this.loops.values()) {
			thread.interrupt();
			try {
				thread.join(STOP_TIMEOUT.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		this.loops.clear();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Return the topics being read.
	 */
	synchronized List<String> getTopics() {
		List<String> topics = new ArrayList<>();
		this.loops.keySet().forEach((loop) -> topics.add(loop.topic()));
		return topics;
	}

}
