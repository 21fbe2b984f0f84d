package dev.dsmq.client.autoconfigure;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import dev.dsmq.client.ReceivedMessage;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectMapper;

import org.springframework.util.ReflectionUtils;

/**
 * One {@link DsmqListener} method of one bean, its attributes resolved.
 * @param id the id it gives its listener, empty for none
 * @param errorHandler the name of its error handler bean, empty for none
 */
record ListenerEndpoint(Object bean, Method method, String topic, String group, int concurrency, String id,
		boolean autoStartup, String errorHandler) {

	ListenerEndpoint {
		if (method.getParameterCount() != 1) {
			throw new IllegalStateException("@DsmqListener method " + method.toGenericString()
					+ " must take exactly one parameter, the message");
		}
		if (topic.isEmpty()) {
			throw new IllegalStateException("@DsmqListener method " + method.toGenericString() + " has no topic");
		}
		if (concurrency < 1) {
			throw new IllegalStateException("@DsmqListener method " + method.toGenericString() + " has concurrency "
					+ concurrency + ": it must be at least 1");
		}
		if (concurrency > 1 && group.isEmpty()) {
			throw new IllegalStateException("@DsmqListener method " + method.toGenericString() + " has concurrency "
					+ concurrency + " but no group: each broadcast consumer would get every message");
		}
		ReflectionUtils.makeAccessible(method);
	}

	/**
	 * Convert the message to the parameter's type and call the method.
	 * @throws Exception whatever the conversion or the method throws
	 */
	void invoke(ReceivedMessage message, ObjectMapper mapper) throws Exception {
		JavaType type = mapper.constructType(this.method.getGenericParameterTypes()[0]);
		Object payload = (type.getRawClass() == ReceivedMessage.class) ? message
				: Payloads.convert(mapper, message.message(), type, this.topic);
		try {
			this.method.invoke(this.bean, payload);
		}
		catch (InvocationTargetException ex) {
			throw (ex.getCause() instanceof Exception cause) ? cause : ex;
		}
	}

	@Override
	public String toString() {
		return this.method.getDeclaringClass().getSimpleName() + "." + this.method.getName();
	}

}
