package com.example.orders;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.dsmq.client.autoconfigure.DsmqListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

/**
 * Bills each order once: a member of the group {@code billing}, which shares the topic's messages among its members.
 * A message is deleted for the group once this returns, and given back to the group, to be billed again, if it
 * throws; so billing must not charge twice for one order id.
 */
@Component
public class Billing {

	private static final Log logger = LogFactory.getLog(Billing.class);

	private final List<Order> billed = new CopyOnWriteArrayList<>();

	@DsmqListener(topic = OrderDesk.TOPIC, group = "billing", concurrency = "${orders.billing.concurrency:4}")
	void bill(Order order) {
		logger.info("Billing " + order.customer() + " for order " + order.id() + " of " + order.items().size()
				+ " items");
		this.billed.add(order);
	}

	/**
	 * Return the orders billed by this application so far.
	 */
	public List<Order> billed() {
		return List.copyOf(this.billed);
	}

}
