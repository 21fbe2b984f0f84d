package dev.dsmq.client.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.dsmq.client.DsmqClient;
import dev.dsmq.client.ReadOptions;
import dev.dsmq.client.ReceivedMessage;
import dev.dsmq.test.EmbeddedDsmqServer;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Puts, gets and listener calls are Micrometer observations with the messaging keys, and with a real tracer (the
 * OpenTelemetry SDK through Micrometer's bridge, W3C propagation) a put's trace crosses the server in the message's
 * {@code traceparent} header into the listener that processes it.
 */
class ObservationTests {

	@RegisterExtension
	static final EmbeddedDsmqServer server = EmbeddedDsmqServer.onFreePort();

	private final ApplicationContextRunner runner = TestRunners.against(server)
		.withPropertyValues("dsmq.client.listener.wait=1s");

	private final InMemorySpanExporter spans = InMemorySpanExporter.create();

	private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
		.addSpanProcessor(SimpleSpanProcessor.create(this.spans))
		.build();

	@AfterEach
	void closeTracer() {
		this.tracerProvider.close();
	}

	@Test
	void putsGetsAndListenerCallsAreObservedWithTheMessagingKeys() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		// a topic of its own: a consumer of the other test's context may still hold a claim open for a moment
		this.runner.withBean(ObservationRegistry.class, () -> registry)
			.withPropertyValues("test.topic=observed")
			.withUserConfiguration(TracedListener.class)
			.run((context) -> {
				DsmqTemplate template = context.getBean(DsmqTemplate.class);
				template.put("observed", "one");
				template.putAsync("untraced-async", "two").get(10, TimeUnit.SECONDS);
				template.get("untraced-async", String.class);
				await().atMost(Duration.ofSeconds(30))
					.until(() -> context.getBean(TracedListener.class).received.size() == 1);
				TestObservationRegistryAssert.assertThat(registry)
					.hasObservationWithNameEqualTo(DsmqObservations.PUT)
					.that()
					.hasLowCardinalityKeyValue("messaging.system", "dsmq")
					.hasLowCardinalityKeyValue("messaging.operation.type", "send")
					.hasLowCardinalityKeyValue("messaging.destination.name", "observed")
					.hasBeenStopped();
				TestObservationRegistryAssert.assertThat(registry)
					.hasObservationWithNameEqualTo(DsmqObservations.GET)
					.that()
					.hasLowCardinalityKeyValue("messaging.operation.type", "receive")
					.hasBeenStopped();
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> TestObservationRegistryAssert.assertThat(registry)
						.hasObservationWithNameEqualTo(DsmqObservations.LISTENER)
						.that()
						.hasLowCardinalityKeyValue("messaging.operation.type", "process")
						.hasLowCardinalityKeyValue("messaging.destination.name", "observed")
						.hasLowCardinalityKeyValue("messaging.consumer.group.name", "tracers")
						.hasBeenStopped());
			});
	}

	@Test
	void traceOfAPutGoesOnInTheListenerThatProcessesItsMessage() {
		ObservationRegistry registry = tracingRegistry();
		this.runner.withBean(ObservationRegistry.class, () -> registry)
			.withPropertyValues("test.topic=traced")
			.withUserConfiguration(TracedListener.class)
			.run((context) -> {
				DsmqTemplate template = context.getBean(DsmqTemplate.class);
				long seq = template.put("traced", "follow me");
				await().atMost(Duration.ofSeconds(30))
					.until(() -> context.getBean(TracedListener.class).received.size() == 1);
				await().atMost(Duration.ofSeconds(10)).until(() -> this.spans.getFinishedSpanItems().size() >= 2);
				SpanData put = span(SpanKind.PRODUCER);
				SpanData processed = span(SpanKind.CONSUMER);
				assertThat(processed.getTraceId()).isEqualTo(put.getTraceId());
				assertThat(processed.getParentSpanId()).isEqualTo(put.getSpanId());
				// what crossed the server: the W3C header in the message's headers
				try (DsmqClient reader = DsmqClient.builder().port(server.getPort()).build()) {
					ReceivedMessage stored = reader.receive("traced", ReadOptions.oldest().after(seq - 1)).orElseThrow();
					// version, trace, parent span, flags (sampled)
					assertThat(stored.headers().get("traceparent"))
						.startsWith("00-" + put.getTraceId() + "-" + put.getSpanId() + "-");
				}
			});
	}

	@Test
	void withoutTracingAPutCarriesNoHeaders() {
		this.runner.run((context) -> {
			DsmqTemplate template = context.getBean(DsmqTemplate.class);
			long seq = template.put("plain", "no trace");
			ReceivedMessage stored = template.getClient()
				.receive("plain", ReadOptions.oldest().after(seq - 1))
				.orElseThrow();
			assertThat(stored.headers()).isEmpty();
		});
	}

	private SpanData span(SpanKind kind) {
		return this.spans.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getKind() == kind)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + kind + " span in " + this.spans.getFinishedSpanItems()));
	}

	private ObservationRegistry tracingRegistry() {
		io.opentelemetry.api.trace.Tracer otel = this.tracerProvider.get("dsmq-tests");
		OtelCurrentTraceContext current = new OtelCurrentTraceContext();
		OtelTracer tracer = new OtelTracer(otel, current, (event) -> {
		});
		OtelPropagator propagator = new OtelPropagator(
				ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel);
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig()
			.observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
					new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
					new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
					new DefaultTracingObservationHandler(tracer)));
		return registry;
	}

	@Configuration(proxyBeanMethods = false)
	static class TracedListener {

		final List<String> received = new CopyOnWriteArrayList<>();

		@DsmqListener(topic = "${test.topic}", group = "tracers")
		void onMessage(String message) {
			this.received.add(message);
		}

	}

}
