package dev.dsmq.server.tcp;

import java.util.ArrayList;
import java.util.List;

import dev.dsmq.server.DsmqInfoContributor;
import dev.dsmq.server.DsmqProperties;
import dev.dsmq.server.protocol.Generation;
import dev.dsmq.server.protocol.RequestParser;
import dev.dsmq.server.queue.MessageQueue;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.dsl.Tcp;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/**
 * The protocol listener: socket, frame codec, per-connection connections, and the flow from each frame to the queue.
 * <p>
 * {@code TcpNetServerConnectionFactory} gives each connection a thread that reads a frame, runs it through the flow
 * and writes the reply before it reads the next one; with the flow's direct channels that is what keeps requests of
 * one connection in the order they were sent. (The NIO factory may hand two frames of one socket to two threads.)
 * The thread is a virtual one where the JDK has them ({@link ConnectionThreads}).
 * <p>
 * Each connection writes its own replies, framed by the codec of its generation, which its first bytes chose.
 */
@Configuration(proxyBeanMethods = false)
class TcpServerConfiguration {

	@Bean
	RequestMeters dsmqRequestMeters(MeterRegistry meterRegistry) {
		return new RequestMeters(meterRegistry);
	}

	@Bean
	Refusals dsmqRefusals(MeterRegistry meterRegistry) {
		return new Refusals(meterRegistry);
	}

	@Bean
	InFlightBytes dsmqInFlightBytes(DsmqProperties properties, MeterRegistry meterRegistry) {
		InFlightBytes inFlight = new InFlightBytes(properties.effectiveMaxInFlightBytes().toBytes());
		Gauge.builder("dsmq.bytes.in-flight", inFlight, InFlightBytes::used)
			.description("Bytes of request bodies and of messages being read held in memory by all connections")
			.baseUnit("bytes")
			.register(meterRegistry);
		return inFlight;
	}

	@Bean
	Connections dsmqConnections(DsmqProperties properties, MessageQueue queue, Refusals dsmqRefusals,
			MeterRegistry meterRegistry, RequestMeters dsmqRequestMeters, InFlightBytes dsmqInFlightBytes) {
		Connections connections = new Connections(queue::lastSequence, properties.getMaxConnections(),
				FileDescriptors.socketRoom(properties.getMaxConnections()), properties.getMaxReadPositions(),
				dsmqRefusals,
				new ConnectionInput.Timeouts(properties.getFrameTimeout(), properties.getIdleTimeout(),
						properties.getTls().getHandshakeTimeout(), properties.getWriteTimeout()),
				dsmqRequestMeters, dsmqInFlightBytes,
				new Codecs(Math.toIntExact(properties.getMaxBodySize().toBytes()),
						Math.toIntExact(properties.getWebsocket().getMaxHandshakeSize().toBytes()),
						properties.getWebsocket().getMaxFramesPerMessage(),
						Math.toIntExact(properties.getMaxTopicLength().toBytes())));
		List<Generation> generations = new ArrayList<>(List.of(Generation.values()));
		generations.add(null);
		for (Generation generation : generations) {
			Gauge.builder("dsmq.connections.open", connections, (open) -> open.openConnections(generation))
				.description("Open protocol connections by generation, counting those being refused")
				.tag("generation", Generation.tagOf(generation))
				.register(meterRegistry);
		}
		FunctionCounter.builder("dsmq.connections.failed", connections, Connections::failedConnections)
			.description("Connections closed because the server failed while serving them")
			.register(meterRegistry);
		return connections;
	}

	@Bean
	ConnectionDrain dsmqConnectionDrain(Connections dsmqConnections, ProtocolListener dsmqConnectionFactory,
			DsmqProperties properties) {
		return new ConnectionDrain(dsmqConnections, dsmqConnectionFactory, properties.getShutdownTimeout());
	}

	@Bean
	ProtocolListener dsmqConnectionFactory(DsmqProperties properties, Connections dsmqConnections,
			ObjectProvider<SslBundles> sslBundles) {
		ProtocolListener factory = new ProtocolListener(properties.getPort(),
				ConnectionThreads.create(properties.isVirtualThreads()), dsmqConnections);
		factory.setLocalAddress(properties.getHost());
		factory.setBacklog(properties.getBacklog());
		factory.setSoTcpNoDelay(true);
		factory.setLookupHost(false);
		factory.setDeserializer(new CodecDeserializer());
		factory.setMapper(new Connection.Mapper());
		ServerTls.configure(factory, properties.getTls(), sslBundles.getIfAvailable());
		return factory;
	}

	/**
	 * The flow: each batch of requests goes to the request handler, which has the connection write the replies.
	 * <p>
	 * An inbound channel adapter rather than a gateway: puts have no reply, and a read that waits writes the replies
	 * before it while it waits, so the connection writes its own replies, as Spring Integration's collaborating
	 * adapters do, instead of returning one per request to a gateway.
	 */
	@Bean
	IntegrationFlow dsmqFlow(TcpNetServerConnectionFactory dsmqConnectionFactory, RequestHandler requestHandler) {
		return IntegrationFlow.from(Tcp.inboundAdapter(dsmqConnectionFactory))
			.handle(List.class, (requests, headers) -> {
				requestHandler.handle(requests, headers.get(Connection.HEADER, Connection.class));
				return null;
			})
			.get();
	}

	@Bean
	RequestHandler requestHandler(MessageQueue queue, DsmqProperties properties,
			ConfigurableApplicationContext context, Refusals dsmqRefusals, RequestMeters dsmqRequestMeters,
			Connections dsmqConnections, MeterRegistry meterRegistry) {
		RequestParser parser = new RequestParser(new RequestParser.Limits(
				Math.toIntExact(properties.getMaxTopicLength().toBytes()), properties.getMaxNestingDepth(),
				properties.getMaxHeaders(), Math.toIntExact(properties.getMaxHeadersSize().toBytes())));
		RequestHandler handler = new RequestHandler(queue, parser,
				new TokenAuthentication(properties.getAuth().getToken()), properties.getShutdownPolicy(),
				new ServerShutdown(context), properties.getMaxWait(), properties.getFrameTimeout(), dsmqRefusals,
				dsmqRequestMeters, dsmqConnections.tinyMqConsumers());
		Gauge.builder("dsmq.reads.waiting", queue, MessageQueue::waitingReaders)
			.description("Reads held by the wait extension until a message is put")
			.register(meterRegistry);
		return handler;
	}

	@Bean
	ListenerStartup dsmqListenerStartup(ProtocolListener dsmqConnectionFactory, DsmqProperties properties) {
		return new ListenerStartup(dsmqConnectionFactory, properties.getHost(),
				dsmqConnectionFactory.threads().isVirtual());
	}

	@Bean
	DsmqInfoContributor dsmqInfoContributor(DsmqProperties properties, MessageQueue queue,
			ProtocolListener dsmqConnectionFactory) {
		return new DsmqInfoContributor(properties, queue, dsmqConnectionFactory.threads().isVirtual());
	}

}
