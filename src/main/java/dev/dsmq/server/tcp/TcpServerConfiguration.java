package dev.dsmq.server.tcp;

import java.util.List;

import dev.dsmq.server.DsmqProperties;
import dev.dsmq.server.protocol.FrameCodec;
import dev.dsmq.server.protocol.RejectReason;
import dev.dsmq.server.queue.QueueService;
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
 * The protocol listener: socket, frame codec, per-connection sessions, and the flow from each frame to the queue.
 * <p>
 * {@code TcpNetServerConnectionFactory} gives each connection a thread that reads a frame, runs it through the flow
 * and writes the reply before it reads the next one; with the flow's direct channels that is what keeps requests of
 * one connection in the order they were sent. (The NIO factory may hand two frames of one socket to two threads.)
 * <p>
 * A {@code put} has no reply. The flow is synchronous, so by the time the gateway waits for a reply the handler has
 * already returned one or none; a reply timeout of zero makes the gateway go straight back to reading instead of
 * waiting out the default 30 seconds for a reply that never comes.
 */
@Configuration(proxyBeanMethods = false)
class TcpServerConfiguration {

	@Bean
	RequestMeters dsmqRequestMeters(MeterRegistry meterRegistry) {
		return new RequestMeters(meterRegistry);
	}

	@Bean
	SessionFactory dsmqSessions(DsmqProperties properties, QueueService queue, RequestHandler requestHandler,
			MeterRegistry meterRegistry, RequestMeters dsmqRequestMeters) {
		SessionFactory sessions = new SessionFactory(queue::lastSequence, properties.getMaxConnections(),
				requestHandler,
				new SessionInput.Timeouts(properties.getFrameTimeout(), properties.getIdleTimeout(),
						properties.getTls().getHandshakeTimeout()),
				dsmqRequestMeters);
		Gauge.builder("dsmq.connections.open", sessions, SessionFactory::openConnections)
			.description("Open protocol connections, counting those being refused")
			.register(meterRegistry);
		return sessions;
	}

	@Bean
	ConnectionDrain dsmqConnectionDrain(SessionFactory dsmqSessions, DsmqProperties properties) {
		return new ConnectionDrain(dsmqSessions, properties.getShutdownTimeout());
	}

	@Bean
	TcpNetServerConnectionFactory dsmqConnectionFactory(DsmqProperties properties, SessionFactory dsmqSessions,
			ObjectProvider<SslBundles> sslBundles) {
		FrameCodec codec = new FrameCodec(Math.toIntExact(properties.getMaxBodySize().toBytes()));
		TcpNetServerConnectionFactory factory = Tcp.netServer(properties.getPort())
			.localAddress(properties.getHost())
			.backlog(properties.getBacklog())
			.soTcpNoDelay(true)
			.lookupHost(false)
			.serializer(codec)
			.deserializer(codec)
			.mapper(new ConnectionSession.Mapper())
			.getObject();
		factory.setTcpNetConnectionSupport(dsmqSessions);
		ServerTls.configure(factory, properties.getTls(), sslBundles.getIfAvailable());
		return factory;
	}

	@Bean
	IntegrationFlow dsmqFlow(TcpNetServerConnectionFactory dsmqConnectionFactory, RequestHandler requestHandler,
			DsmqProperties properties) {
		TokenAuthentication authentication = new TokenAuthentication(properties.getAuth().getToken(), requestHandler);
		return IntegrationFlow.from(Tcp.inboundGateway(dsmqConnectionFactory).replyTimeout(0))
			.handle(List.class, (frames, headers) -> authentication.handle(frames,
					headers.get(ConnectionSession.HEADER, ConnectionSession.class), requestHandler::handle),
					// the gateway finds the connection from the request; the reply needs no copy of its headers
					(endpoint) -> endpoint.notPropagatedHeaders("*"))
			.get();
	}

	@Bean
	RequestHandler requestHandler(QueueService queue, DsmqProperties properties,
			ConfigurableApplicationContext context, MeterRegistry meterRegistry, RequestMeters dsmqRequestMeters) {
		return new RequestHandler(queue, properties.getShutdownPolicy(), new ServerShutdown(context),
				properties.getMaxWait(), meterRegistry, dsmqRequestMeters);
	}

	@Bean
	ListenerStartup dsmqListenerStartup(TcpNetServerConnectionFactory dsmqConnectionFactory,
			DsmqProperties properties) {
		return new ListenerStartup(dsmqConnectionFactory, properties.getHost());
	}

}
