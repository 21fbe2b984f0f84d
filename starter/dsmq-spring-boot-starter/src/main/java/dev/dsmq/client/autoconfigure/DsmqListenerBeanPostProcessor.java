package dev.dsmq.client.autoconfigure;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Finds the {@link DsmqListener} methods of every bean, with their attributes' {@code ${...}} placeholders resolved,
 * for the listener container to start.
 */
class DsmqListenerBeanPostProcessor implements BeanPostProcessor, BeanFactoryAware {

	private final List<ListenerEndpoint> endpoints = new CopyOnWriteArrayList<>();

	private ConfigurableBeanFactory beanFactory;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
		if (beanFactory instanceof ConfigurableBeanFactory configurable) {
			this.beanFactory = configurable;
		}
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		Map<Method, DsmqListener> methods = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<DsmqListener>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, DsmqListener.class));
		methods.forEach((method, listener) -> {
			Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
			String where = "@DsmqListener method " + method.toGenericString();
			this.endpoints.add(new ListenerEndpoint(bean, invocable, resolve(listener.topic()),
					resolve(listener.group()), number(where, "concurrency", resolve(listener.concurrency()), 1),
					resolve(listener.id()), bool(where, "autoStartup", resolve(listener.autoStartup()), true),
					resolve(listener.errorHandler())));
		});
		return bean;
	}

	List<ListenerEndpoint> getEndpoints() {
		return List.copyOf(this.endpoints);
	}

	private String resolve(String value) {
		if (this.beanFactory == null || value.isEmpty()) {
			return value;
		}
		String resolved = this.beanFactory.resolveEmbeddedValue(value);
		return (resolved != null) ? resolved.trim() : "";
	}

	private static int number(String where, String attribute, String value, int empty) {
		if (value.isEmpty()) {
			return empty;
		}
		try {
			return Integer.parseInt(value);
		}
		catch (NumberFormatException ex) {
			throw new IllegalStateException(where + " has " + attribute + " '" + value + "': it must be a number");
		}
	}

	private static boolean bool(String where, String attribute, String value, boolean empty) {
		if (value.isEmpty()) {
			return empty;
		}
		if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
			throw new IllegalStateException(where + " has " + attribute + " '" + value + "': it must be true or "
					+ "false");
		}
		return Boolean.parseBoolean(value);
	}

}
