package dev.dsmq.server.queue;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.annotation.Scheduled;

/**
 * Deletes expired messages at a fixed delay ({@code dsmq.purge-interval}).
 */
class ExpiryTask {

	private static final Log logger = LogFactory.getLog(ExpiryTask.class);

	private final MessageQueue queueService;

	ExpiryTask(MessageQueue queueService) {
		this.queueService = queueService;
	}

	@Scheduled(fixedDelayString = "${dsmq.purge-interval:1s}")
	void purge() {
		try {
			int deleted = this.queueService.purgeExpired();
			if (deleted > 0 && logger.isDebugEnabled()) {
				logger.debug("Deleted " + deleted + " expired messages");
			}
		}
		catch (RuntimeException ex) {
			logger.error("Could not delete expired messages; will try again", ex);
		}
	}

}
