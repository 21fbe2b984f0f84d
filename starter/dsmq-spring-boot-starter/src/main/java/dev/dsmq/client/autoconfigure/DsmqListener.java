package dev.dsmq.client.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a bean to be called with each message of a topic. Its one parameter is the message, converted
 * with the application's Jackson mapper ({@code String} takes a string message as it is, {@code JsonNode} any), or a
 * {@link dev.dsmq.client.ReceivedMessage}, which also carries the sequence number, when it was put, its headers and,
 * for a group, how often it has been claimed.
 * <p>
 * <strong>Broadcast</strong> (no {@link #group()}): every application that listens gets every message. Each topic is
 * read by one connection, long-polling with {@code dsmq.client.listener.wait}, from when the application context
 * starts until it stops; every method of that topic is called in turn on that connection's thread. A method that
 * throws is logged and counted, and the next message is delivered all the same. The listener remembers the sequence
 * number of the last message it processed and, after a reconnect, reads on after it: nothing put while it was
 * disconnected is missed, as long as the server still holds it (its time to live, 600 s by default). Before the
 * first message, a listener starts with the messages put after it connected.
 * <p>
 * <strong>Group</strong> ({@code group = "billing"}): a work queue. Each message goes to one member of the group:
 * several applications, or several {@link #concurrency() consumers} in one, share the work. The message is claimed
 * for the server's visibility timeout, deleted once every method of the topic and group has returned, and released
 * (so that it comes back, maybe to another member) when one throws. Delivery is at least once: a consumer that dies
 * mid-message, or takes longer than the visibility timeout, has its message delivered again. The server moves a
 * message that keeps failing to the topic {@code <topic>.dead-letter} after {@code dsmq.groups.max-retrievals}
 * claims (5 by default).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface DsmqListener {

	/**
	 * The topic to read; {@code ${...}} placeholders are resolved, as in every attribute.
	 */
	String topic();

	/**
	 * The group to consume the topic as, sharing its messages with the group's other members; empty to read every
	 * message of the topic as a broadcast reader.
	 */
	String group() default "";

	/**
	 * How many consumers of the group to run in this application, each on its own connection; only for a group,
	 * where they share the work (a broadcast reader gets every message on each connection). A number, or a
	 * placeholder that resolves to one; empty for 1.
	 */
	String concurrency() default "";

	/**
	 * The id to find the listener by in the {@link DsmqListenerRegistry}, to pause, resume, stop or start it, and in
	 * its {@link DsmqListenerConnectionEvent}s. Methods of one topic and group are one listener, which takes the id
	 * they give (they must not give two). Empty for {@code <topic>} or {@code <topic>/<group>}.
	 */
	String id() default "";

	/**
	 * Whether the listener starts with the application context ({@code "true"}, the default) or waits for
	 * {@link DsmqListenerRegistry#start(String)}; a placeholder that resolves to either.
	 */
	String autoStartup() default "";

	/**
	 * The name of a {@link DsmqListenerErrorHandler} bean to hand a message to when this method fails on it (after
	 * its retries, if {@code dsmq.client.listener.retry.enabled}); empty to log the failure, and, for a group, give
	 * the message back to the group.
	 */
	String errorHandler() default "";

}
