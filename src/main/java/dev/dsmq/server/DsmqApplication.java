package dev.dsmq.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The dsmq server.
 */
@SpringBootApplication(proxyBeanMethods = false)
@EnableConfigurationProperties(DsmqProperties.class)
public class DsmqApplication {

	public static void main(String[] args) {
		SpringApplication.run(DsmqApplication.class, args);
	}

}
