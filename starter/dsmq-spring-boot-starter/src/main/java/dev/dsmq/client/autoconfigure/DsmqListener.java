package dev.dsmq.client.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a bean to be called with each message put on a topic, converted to the type of its one parameter
 * with the application's Jackson mapper ({@code String} takes a string message as it is, {@code JsonNode} any).
 * <p>
 * Each topic is read by one connection, long-polling with {@code dsmq.client.listener.wait}, from when the
 * application context starts until it stops; every method of that topic is called in turn on that connection's
 * thread. A method that throws is logged and counted, and the next message is delivered all the same. The server
 * keeps the read position in the connection: a listener sees the messages put after its connection opened, and
 * after a reconnect only those put after the new connection opened; messages put while it was disconnected are
 * missed.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface DsmqListener {

	/**
	 * The topic to read.
	 */
	String topic();

}
