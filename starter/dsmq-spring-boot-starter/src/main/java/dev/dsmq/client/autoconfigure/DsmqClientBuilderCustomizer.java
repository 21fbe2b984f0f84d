package dev.dsmq.client.autoconfigure;

import dev.dsmq.client.DsmqClientBuilder;

/**
 * Customizes the builder of every client the auto-configuration creates, after the {@code dsmq.client.*} properties
 * have been applied.
 */
@FunctionalInterface
public interface DsmqClientBuilderCustomizer {

	void customize(DsmqClientBuilder builder);

}
