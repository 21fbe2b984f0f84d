'use strict';
// The live page: reads /dsmq/overview every two seconds and shows it. Everything from the server goes in as
// textContent, never as markup, since clients choose the topic and group names.
(() => {
	const REFRESH_MILLIS = 2000;
	const GENERATIONS = ['headerless', 'framed', 'websocket', 'tinymq', 'unknown'];
	const number = new Intl.NumberFormat('en');
	const decimal = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
	const byId = (id) => document.getElementById(id);

	const bytes = (n) => {
		const units = ['B', 'KB', 'MB', 'GB', 'TB'];
		let unit = 0;
		while (n >= 1024 && unit < units.length - 1) {
			n /= 1024;
			unit++;
		}
		return (unit === 0 ? number.format(n) : decimal.format(n)) + ' ' + units[unit];
	};

	const age = (seconds) => {
		if (seconds < 60) {
			return decimal.format(seconds) + ' s';
		}
		if (seconds < 3600) {
			return decimal.format(seconds / 60) + ' min';
		}
		return decimal.format(seconds / 3600) + ' h';
	};

	const row = (cells, numeric) => {
		const tr = document.createElement('tr');
		cells.forEach((text, i) => {
			const td = document.createElement('td');
			td.textContent = text;
			if (numeric[i]) {
				td.className = 'number';
			}
			tr.appendChild(td);
		});
		return tr;
	};

	const render = (overview) => {
		byId('topics-held').textContent = number.format(overview.topicsHeld);
		byId('messages-held').textContent = number.format(overview.messagesHeld);
		byId('bytes-held').textContent = bytes(overview.bytesHeld);
		byId('groups-held').textContent = number.format(overview.groupsHeld);
		byId('connections-open').textContent = number.format(overview.connectionsOpen);
		for (const generation of GENERATIONS) {
			byId('connections-' + generation).textContent = number.format(overview.connectionsByGeneration[generation] || 0);
		}
		const shown = overview.topics.length;
		byId('topics-shown').textContent = (shown < overview.topicsHeld)
			? `showing ${number.format(shown)} of ${number.format(overview.topicsHeld)} topics: the first `
				+ `${number.format(overview.topicLimit)}, oldest first`
			: `showing all ${number.format(overview.topicsHeld)} topics, oldest first`;
		const topics = [];
		const groups = [];
		for (const topic of overview.topics) {
			topics.push(row([topic.name, number.format(topic.messages), bytes(topic.bytes), age(topic.oldestAgeSeconds),
				decimal.format(topic.putsPerSecond) + '/s', decimal.format(topic.getsPerSecond) + '/s',
				number.format(topic.groups.length)], [false, true, true, true, true, true, true]));
			for (const group of topic.groups) {
				groups.push(row([topic.name, group.name, number.format(group.available), number.format(group.claimed),
					number.format(group.redelivered), number.format(group.deadLettered), number.format(group.lost)],
					[false, false, true, true, true, true, true]));
			}
		}
		byId('topics').replaceChildren(...topics);
		byId('groups').replaceChildren(...groups);
		const status = byId('status');
		status.dataset.since = new Date().toLocaleTimeString('en-GB');
		status.textContent = `updated ${status.dataset.since}; rates over the last ${overview.rateWindowSeconds} s`;
		status.className = 'fresh';
	};

	const refresh = async () => {
		try {
			// from location.origin, which never carries credentials: a page opened as http://user:token@host/ has
			// them in its own address, and fetch() refuses a URL resolved against that
			const response = await fetch(location.origin + '/dsmq/overview',
				{ cache: 'no-store', credentials: 'same-origin', headers: { Accept: 'application/json' } });
			if (!response.ok) {
				throw new Error(`HTTP ${response.status}`);
			}
			render(await response.json());
		}
		catch (error) {
			const status = byId('status');
			status.textContent = `not updated since ${status.dataset.since || 'loading'}: ${error.message}`;
			status.className = 'stale';
		}
		finally {
			setTimeout(refresh, REFRESH_MILLIS);
		}
	};

	refresh();
})();
