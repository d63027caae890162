import { LatencyHistogram } from '#core/metrics/histogram';
import { histogramSamples, MetricsRegistry } from '#core/metrics/registry';
import { operationOf } from '#core/database/timing';
import { metricsPort } from '#core/metrics/index';
import { parsePrometheusText, sampleValue } from '../../support/prometheus';

describe('LatencyHistogram', () => {
	test('GIVEN observations THEN each lands in the first bucket whose bound it does not exceed, cumulated at read', () => {
		const histogram = new LatencyHistogram([1, 5, 10]);
		for (const ms of [0.2, 1, 1.01, 7, 10, 11, 500]) histogram.observe(ms);

		expect(histogram.cumulative()).toEqual([2, 3, 5, 7]);
		expect(histogram.count).toBe(7);
		expect(histogram.sumMs).toBeCloseTo(530.21);
	});

	test('GIVEN bounds out of order THEN it refuses them', () => {
		expect(() => new LatencyHistogram([1, 1, 2])).toThrow(RangeError);
	});
});

describe('MetricsRegistry', () => {
	test('GIVEN a plugin gauge, a counter and a histogram THEN the scrape is valid exposition text with their values', async () => {
		const metrics = new MetricsRegistry({ enabled: false });
		const histogram = new LatencyHistogram([1, 10]);
		histogram.observe(0.5);
		histogram.observe(20);
		metrics.register({ plugin: 'greetings', name: 'waves', help: 'Waves in memory.', collect: () => 3 });
		metrics.register({
			plugin: 'greetings',
			name: 'sent_total',
			help: 'Greetings sent, by kind.',
			type: 'counter',
			collect: () => [
				{ labels: { kind: 'hello "there"' }, value: 2 },
				{ labels: { kind: 'bye' }, value: 1 }
			]
		});
		metrics.add({
			name: 'tika_test_seconds',
			help: 'A histogram.',
			type: 'histogram',
			collect: () => histogramSamples('tika_test_seconds', histogram, { a: 'b' })
		});

		const families = parsePrometheusText(await metrics.scrape());

		expect(sampleValue(families, 'tika_greetings_waves')).toBe(3);
		expect(families.get('tika_greetings_sent_total')?.type).toBe('counter');
		expect(sampleValue(families, 'tika_greetings_sent_total', { kind: 'hello "there"' })).toBe(2);
		expect(sampleValue(families, 'tika_test_seconds_bucket', { a: 'b', le: '0.001' })).toBe(1);
		expect(sampleValue(families, 'tika_test_seconds_bucket', { a: 'b', le: '0.01' })).toBe(1);
		expect(sampleValue(families, 'tika_test_seconds_bucket', { a: 'b', le: '+Inf' })).toBe(2);
		expect(sampleValue(families, 'tika_test_seconds_sum', { a: 'b' })).toBeCloseTo(0.0205);
		// Off: no process metrics are collected.
		expect(families.has('process_cpu_user_seconds_total')).toBe(false);
	});

	test('GIVEN a collector that throws THEN only its lines are missing and it is logged once per failure streak', async () => {
		const warnings: string[] = [];
		const metrics = new MetricsRegistry({ enabled: false, logger: { warn: (message) => warnings.push(message) } });
		let fail = true;
		metrics.register({
			plugin: 'flaky',
			name: 'value',
			help: 'Sometimes fails.',
			collect: () => (fail ? Promise.reject(new Error('db down')) : 1)
		});
		metrics.register({ plugin: 'steady', name: 'value', help: 'Always there.', collect: () => 7 });

		await metrics.scrape();
		const families = parsePrometheusText(await metrics.scrape());
		expect(sampleValue(families, 'tika_flaky_value')).toBeUndefined();
		expect(sampleValue(families, 'tika_steady_value')).toBe(7);
		expect(warnings).toEqual(['[metrics] tika_flaky_value could not be read (left out of the scrape until it recovers): db down']);

		fail = false;
		expect(sampleValue(parsePrometheusText(await metrics.scrape()), 'tika_flaky_value')).toBe(1);
	});

	test('GIVEN a reloaded piece registering the same metric before the old one withdraws THEN the new one stays', async () => {
		const metrics = new MetricsRegistry({ enabled: false });
		const withdrawOld = metrics.register({ plugin: 'p', name: 'v', help: 'h', collect: () => 1 });
		metrics.register({ plugin: 'p', name: 'v', help: 'h', collect: () => 2 });
		withdrawOld();

		expect(sampleValue(parsePrometheusText(await metrics.scrape()), 'tika_p_v')).toBe(2);
	});

	test('GIVEN bad names THEN registration is refused', () => {
		const metrics = new MetricsRegistry({ enabled: false });
		expect(() => metrics.register({ plugin: 'Bad-Name', name: 'x', help: 'h', collect: () => 0 })).toThrow(RangeError);
		expect(() => metrics.register({ plugin: 'p', name: 'runs', help: 'h', type: 'counter', collect: () => 0 })).toThrow(/_total/);
	});

	test('GIVEN metrics enabled THEN the default process metrics are exposed', async () => {
		const families = parsePrometheusText(await new MetricsRegistry({ enabled: true }).scrape());
		expect(sampleValue(families, 'process_resident_memory_bytes')).toBeGreaterThan(0);
	});
});

describe('operationOf', () => {
	test.each([
		['SELECT 1', 'select'],
		['  insert into "MemberXp" …', 'insert'],
		['UPDATE "ScheduledTask" SET …', 'update'],
		['DELETE FROM x', 'delete'],
		['BEGIN', 'other'],
		['WITH t AS (…) SELECT …', 'other'],
		['', 'other']
	])('GIVEN %j THEN %s', (sql, operation) => {
		expect(operationOf(sql)).toBe(operation);
	});
});

describe('metricsPort', () => {
	test('GIVEN a single process THEN the configured port', () => {
		expect(metricsPort(9464, {})).toBe(9464);
	});

	test('GIVEN a shard process started by the ShardingManager THEN the port plus its (first) shard id', () => {
		expect(metricsPort(9464, { SHARDING_MANAGER: 'true', SHARDS: '0', SHARD_COUNT: '3' })).toBe(9464);
		expect(metricsPort(9464, { SHARDING_MANAGER: 'true', SHARDS: '2', SHARD_COUNT: '3' })).toBe(9466);
		expect(metricsPort(9464, { SHARDING_MANAGER: 'true', SHARDS: '[4,5]', SHARD_COUNT: '6' })).toBe(9468);
	});

	test('GIVEN port 0 or an unreadable SHARDS THEN it is left alone', () => {
		expect(metricsPort(0, { SHARDING_MANAGER: 'true', SHARDS: '2' })).toBe(0);
		expect(metricsPort(9464, { SHARDING_MANAGER: 'true', SHARDS: 'abc' })).toBe(9464);
	});
});
