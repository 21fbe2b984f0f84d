package dev.dsmq.client.autoconfigure.example;

import dev.dsmq.client.autoconfigure.DsmqTemplate;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * An application that puts a greeting on start-up and listens for greetings, against a dsmq server on
 * {@code dsmq.client.host}:{@code dsmq.client.port} (127.0.0.1:30008 unless configured).
 */
@SpringBootApplication
public class ExampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(ExampleApplication.class, args);
	}

	@Bean
	ApplicationRunner greet(DsmqTemplate dsmq) {
		return (args) -> dsmq.put("greetings", new Greeting("example", "hello from dsmq"));
	}

}
