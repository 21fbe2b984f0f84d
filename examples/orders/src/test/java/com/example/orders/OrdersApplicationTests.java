package com.example.orders;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.dsmq.test.EmbeddedDsmq;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The application against a real dsmq server started for the test: every order placed is billed once.
 */
@SpringBootTest
@EmbeddedDsmq
class OrdersApplicationTests {

	@Autowired
	private OrderDesk desk;

	@Autowired
	private Billing billing;

	@Test
	void everyOrderPlacedIsBilledOnce() {
		List<Order> orders = new ArrayList<>();
		for (int i = 1; i <= 20; i++) {
			Order order = new Order("o-" + i, "customer-" + (i % 3), List.of("tea", "cake"));
			orders.add(order);
			this.desk.place(order);
		}
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.billing.billed()).containsExactlyInAnyOrderElementsOf(orders));
	}

}
