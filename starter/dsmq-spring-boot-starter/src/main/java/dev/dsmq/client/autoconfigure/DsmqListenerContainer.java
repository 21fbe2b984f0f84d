package dev.dsmq.client.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.task.TaskExecutor;

/**
 * The application's listeners: a {@link ListenerGroup} for each topic and group that has {@link DsmqListener}
 * methods, started with the application context (those that start automatically) and stopped with it, and found by
 * id as the {@link DsmqListenerRegistry}. Each consumer reads on its own connection, as a task of the listeners'
 * executor. Stopping gives every consumer together {@code dsmq.client.listener.shutdown-timeout} to finish.
 */
class DsmqListenerContainer implements SmartLifecycle, DsmqListenerRegistry {

	private static final Log logger = LogFactory.getLog(DsmqListenerContainer.class);

	private final DsmqListenerBeanPostProcessor listeners;

	private final DsmqClientFactory clients;

	private final ObjectMapper mapper;

	private final DsmqClientProperties properties;

	private final ListenerObserver observer;

	private final TaskExecutor executor;

	private final RetryTemplate retry;

	private final BeanFactory beans;

	private final ApplicationEventPublisher events;

	private final DsmqObservations observations;

	private final Map<String, ListenerGroup> groups = new LinkedHashMap<>();

	private Map<ListenerEndpoint, DsmqListenerErrorHandler> errorHandlers;

	private volatile boolean running;

	/**
	 * @param retry retries failed methods, null not to
	 * @param beans where the error handlers are looked up by name
	 */
	DsmqListenerContainer(DsmqListenerBeanPostProcessor listeners, DsmqClientFactory clients, ObjectMapper mapper,
			DsmqClientProperties properties, ListenerObserver observer, TaskExecutor executor, RetryTemplate retry,
			BeanFactory beans, ApplicationEventPublisher events, ObservationRegistry observationRegistry) {
		this.listeners = listeners;
		this.clients = clients;
		this.mapper = mapper;
		this.properties = properties;
		this.observer = observer;
		this.executor = executor;
		this.retry = retry;
		this.beans = beans;
		this.events = events;
		this.observations = new DsmqObservations(observationRegistry);
	}

	@Override
	public synchronized void start() {
		if (this.errorHandlers == null) {
			assemble();
		}
		for (ListenerGroup group : this.groups.values()) {
			if (group.isAutoStartup()) {
				group.start(this::loop, this.executor);
			}
		}
		this.running = true;
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		stopAll(new ArrayList<>(this.groups.values()));
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public synchronized Set<String> getListenerIds() {
		return Set.copyOf(this.groups.keySet());
	}

	@Override
	public boolean isRunning(String id) {
		return group(id).isRunning();
	}

	@Override
	public boolean isPaused(String id) {
		return group(id).isPaused();
	}

	@Override
	public void start(String id) {
		group(id).start(this::loop, this.executor);
	}

	@Override
	public void stop(String id) {
		stopAll(List.of(group(id)));
	}

	@Override
	public void pause(String id) {
		group(id).pause();
	}

	@Override
	public void resume(String id) {
		group(id).resume();
	}

	/**
	 * Return the topics being read, one for each running listener.
	 */
	synchronized List<String> getTopics() {
		List<String> topics = new ArrayList<>();
		for (ListenerGroup group : this.groups.values()) {
			if (group.isRunning()) {
				topics.add(group.topic());
			}
		}
		return topics;
	}

	private synchronized ListenerGroup group(String id) {
		if (this.errorHandlers == null) {
			assemble();
		}
		ListenerGroup group = this.groups.get(id);
		if (group == null) {
			throw new IllegalArgumentException("No dsmq listener has the id '" + id + "'; there are "
					+ this.groups.keySet());
		}
		return group;
	}

	/**
	 * Make the listeners of the methods found, one for each topic and group, and look up their error handlers.
	 */
	private void assemble() {
		Map<List<String>, List<ListenerEndpoint>> byTopicAndGroup = new LinkedHashMap<>();
		for (ListenerEndpoint endpoint : this.listeners.getEndpoints()) {
			byTopicAndGroup.computeIfAbsent(List.of(endpoint.topic(), endpoint.group()), (key) -> new ArrayList<>())
				.add(endpoint);
		}
		Map<ListenerEndpoint, DsmqListenerErrorHandler> handlers = new LinkedHashMap<>();
		byTopicAndGroup.forEach((key, endpoints) -> {
			String topic = key.get(0);
			String group = key.get(1);
			String id = id(topic, group, endpoints);
			if (this.groups.containsKey(id)) {
				throw new IllegalStateException("Two dsmq listeners have the id '" + id + "'");
			}
			int consumers = endpoints.stream().mapToInt(ListenerEndpoint::concurrency).max().orElse(1);
			boolean autoStartup = endpoints.stream().allMatch(ListenerEndpoint::autoStartup);
			this.groups.put(id, new ListenerGroup(id, topic, group, endpoints, consumers, autoStartup));
			for (ListenerEndpoint endpoint : endpoints) {
				if (!endpoint.errorHandler().isEmpty()) {
					handlers.put(endpoint, this.beans.getBean(endpoint.errorHandler(), DsmqListenerErrorHandler.class));
				}
			}
		});
		this.errorHandlers = handlers;
	}

	private static String id(String topic, String group, List<ListenerEndpoint> endpoints) {
		List<String> given = endpoints.stream().map(ListenerEndpoint::id).filter((id) -> !id.isEmpty()).distinct()
			.toList();
		if (given.size() > 1) {
			throw new IllegalStateException("The @DsmqListener methods of topic '" + topic + "'"
					+ (group.isEmpty() ? "" : " and group '" + group + "'") + " are one listener, but give it the ids "
					+ given);
		}
		return given.isEmpty() ? (group.isEmpty() ? topic : topic + "/" + group) : given.get(0);
	}

	private ListenerLoop loop(ListenerGroup group) {
		return new ListenerLoop(group, this.clients.create(), this.mapper, this.properties, this.observer, this.retry,
				this.errorHandlers, this.events, this.observations);
	}

	/**
	 * Tell every consumer of the listeners to stop, then wait for them all together, up to the shutdown timeout.
	 */
	private void stopAll(List<ListenerGroup> stopping) {
		List<ListenerLoop> loops = new ArrayList<>();
		stopping.forEach((group) -> loops.addAll(group.signalStop()));
		Duration timeout = this.properties.getListener().getShutdownTimeout();
		long deadline = System.nanoTime() + timeout.toNanos();
		int unfinished = 0;
		try {
			for (ListenerLoop loop : loops) {
				if (!loop.awaitFinished(deadline)) {
					unfinished++;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (unfinished > 0) {
			logger.warn(unfinished + " dsmq listener consumers were still at work after " + timeout.toMillis()
					+ " ms (dsmq.client.listener.shutdown-timeout); stopping without them");
		}
	}

}
