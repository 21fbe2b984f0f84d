package com.example.orders;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Orders are put to the topic {@code orders} by {@link OrderDesk} and billed, each once, by the group
 * {@code billing} ({@link Billing}), however many replicas of the application run.
 */
@SpringBootApplication
public class OrdersApplication {

	public static void main(String[] args) {
		SpringApplication.run(OrdersApplication.class, args);
	}

}
