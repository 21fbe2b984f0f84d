package com.example.orders;

import dev.dsmq.client.autoconfigure.DsmqOperations;

import org.springframework.stereotype.Service;

/**
 * Takes orders and puts them to the topic {@code orders}.
 */
@Service
public class OrderDesk {

	static final String TOPIC = "orders";

	private final DsmqOperations dsmq;

	public OrderDesk(DsmqOperations dsmq) {
		this.dsmq = dsmq;
	}

	/**
	 * Put an order, and return once the server has stored it.
	 * @return its sequence number
	 */
	public long place(Order order) {
		return this.dsmq.put(TOPIC, order);
	}

}
