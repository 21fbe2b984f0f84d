package dev.dsmq.client.autoconfigure;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Finds the {@link DsmqListener} methods of every bean, for the listener container to start.
 */
class DsmqListenerBeanPostProcessor implements BeanPostProcessor {

	private final List<ListenerEndpoint> endpoints = new CopyOnWriteArrayList<>();

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		Map<Method, DsmqListener> methods = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<DsmqListener>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, DsmqListener.class));
		methods.forEach((method, listener) -> this.endpoints.add(new ListenerEndpoint(bean,
				AopUtils.selectInvocableMethod(method, bean.getClass()), listener.topic(), listener.group(),
				listener.concurrency())));
		return bean;
	}

	List<ListenerEndpoint> getEndpoints() {
		return List.copyOf(this.endpoints);
	}

}
