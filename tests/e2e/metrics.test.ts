/**
 * The metrics endpoint on a running Tika (config.yml `metrics.enabled`, port 0): real traffic through the Discord
 * double (a slash command, members chatting), then /metrics scraped and parsed as Prometheus would, and the health
 * routes. The readiness failures (before ready, database gone) and "off by default" need a process of their own:
 * metrics-process.test.ts.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DiscordDouble } from '../../src/playground/double';
import { startTestBot, type TestBot } from '../support/harness';
import { parsePrometheusText, sampleValue, type MetricFamily } from '../support/prometheus';

jest.setTimeout(60_000);

let bot: TestBot;

beforeAll(async () => {
	// A short heartbeat so the gateway ping is measured within the test.
	const double = await new DiscordDouble({ heartbeatInterval: 300 }).start();
	bot = await startTestBot({
		double,
		config: (config) => {
			config.metrics.enabled = true;
			config.metrics.port = 0;
		}
	});
});

afterAll(async () => {
	await bot?.stop();
});

function get(url: string): Promise<{ status: number; type: string; body: string }> {
	return new Promise((resolve, reject) => {
		request(url, (response) => {
			let body = '';
			response.setEncoding('utf8');
			response.on('data', (chunk: string) => (body += chunk));
			response.on('end', () => resolve({ status: response.statusCode!, type: String(response.headers['content-type']), body }));
		})
			.on('error', reject)
			.end();
	});
}

async function scrape(): Promise<Map<string, MetricFamily>> {
	const response = await get(`${bot.instance.metricsUrl}/metrics`);
	expect(response.status).toBe(200);
	expect(response.type).toBe('text/plain; version=0.0.4; charset=utf-8');
	return parsePrometheusText(response.body);
}

/** Scrapes until `ready` holds (the bot handles events asynchronously), then returns that scrape. */
async function scrapeUntil(ready: (families: Map<string, MetricFamily>) => boolean, timeoutMs = 10_000): Promise<Map<string, MetricFamily>> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const families = await scrape();
		if (ready(families) || Date.now() > deadline) return families;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

describe('the metrics endpoint', () => {
	test('GIVEN metrics on with the default host THEN it listens on 127.0.0.1 only', async () => {
		const url = new URL(bot.instance.metricsUrl!);
		expect(url.hostname).toBe('127.0.0.1');
		// Another address of this machine gets no answer.
		const external = Object.values(networkInterfaces())
			.flat()
			.find((address) => address && address.family === 'IPv4' && !address.internal);
		if (external) await expect(get(`http://${external.address}:${url.port}/healthz`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
	});

	test('GIVEN a running bot THEN /healthz is 200 and /readyz is 200 with every check ok', async () => {
		const health = await get(`${bot.instance.metricsUrl}/healthz`);
		expect(health).toMatchObject({ status: 200, body: 'ok\n' });

		const ready = await get(`${bot.instance.metricsUrl}/readyz`);
		expect(ready.status).toBe(200);
		expect(JSON.parse(ready.body)).toEqual({ ready: true, checks: { gateway: 'ok', database: 'ok', migrations: 'ok' } });
	});

	test('GIVEN an unknown path or a POST THEN 404 and 405', async () => {
		expect((await get(`${bot.instance.metricsUrl}/nope`)).status).toBe(404);
		const status = await new Promise<number>((resolve, reject) =>
			request(`${bot.instance.metricsUrl}/metrics`, { method: 'POST' }, (response) => {
				response.resume();
				resolve(response.statusCode!);
			})
				.on('error', reject)
				.end()
		);
		expect(status).toBe(405);
	});

	test('GIVEN a command and chat went through the double THEN /metrics counts them with real values', async () => {
		const { double, general, alice, bob, owner } = bot;
		const before = await scrape();
		const xpRunsBefore = sampleValue(before, 'tika_router_handler_calls_total', { handler: 'progressionXp' }) ?? 0;
		const messagesBefore = sampleValue(before, 'tika_gateway_events_total', { type: 'MESSAGE_CREATE' }) ?? 0;

		const ping = await double.slashCommand({ channel: general, user: owner, name: 'ping' });
		await ping.reply();
		for (const [index, author] of [alice, bob, alice, bob, alice].entries()) {
			await double.sendMessage({ channel: general, author, content: `chatting away, message ${index}` });
		}

		const families = await scrapeUntil(
			(current) =>
				(sampleValue(current, 'tika_router_handler_calls_total', { handler: 'progressionXp' }) ?? 0) >= xpRunsBefore + 5 &&
				(sampleValue(current, 'tika_commands_total', { command: 'ping', outcome: 'success' }) ?? 0) >= 1 &&
				(sampleValue(current, 'tika_progression_xp_buffer_entries') ?? 0) >= 2 &&
				current.has('tika_gateway_ping_seconds') &&
				(current.get('tika_gateway_ping_seconds')?.samples.length ?? 0) > 0
		);

		// Default process metrics.
		expect(sampleValue(families, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
		expect(sampleValue(families, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
		// Guilds and the gateway, per shard.
		expect(sampleValue(families, 'tika_guilds', { shard: '0' })).toBe(1);
		expect(sampleValue(families, 'tika_gateway_shard_ready', { shard: '0' })).toBe(1);
		const ping0 = sampleValue(families, 'tika_gateway_ping_seconds', { shard: '0' })!;
		expect(ping0).toBeGreaterThanOrEqual(0);
		expect(ping0).toBeLessThan(1);
		// The five chat messages, plus the message Discord creates for the /ping reply.
		expect(sampleValue(families, 'tika_gateway_events_total', { type: 'MESSAGE_CREATE' })).toBe(messagesBefore + 6);
		expect(sampleValue(families, 'tika_gateway_events_total', { type: 'INTERACTION_CREATE' })).toBeGreaterThanOrEqual(1);
		// Commands by name and outcome.
		expect(sampleValue(families, 'tika_commands_total', { command: 'ping', outcome: 'success' })).toBe(1);
		expect(sampleValue(families, 'tika_commands_total', { command: 'ping', outcome: 'error' })).toBe(0);
		expect(families.get('tika_commands_denied_total')?.type).toBe('counter');
		// Every message reached progression's handler: 5 runs more, counted exactly.
		const xpRuns = xpRunsBefore + 5;
		expect(sampleValue(families, 'tika_router_handler_calls_total', { handler: 'progressionXp', plugin: 'progression' })).toBe(xpRuns);
		// Its latency histogram times one message in 8 and counts each timing 8 times: its count estimates the runs
		// to within 8 (the first message the router saw was timed, so it is not empty).
		expect(families.get('tika_router_handler_duration_seconds')?.type).toBe('histogram');
		const timedCount = sampleValue(families, 'tika_router_handler_duration_seconds_count', { handler: 'progressionXp', plugin: 'progression' })!;
		expect(timedCount % 8).toBe(0);
		expect(timedCount).toBeGreaterThanOrEqual(8);
		expect(Math.abs(timedCount - xpRuns)).toBeLessThan(8);
		expect(
			sampleValue(families, 'tika_router_handler_duration_seconds_bucket', { handler: 'progressionXp', plugin: 'progression', le: '+Inf' })
		).toBe(timedCount);
		expect(
			sampleValue(families, 'tika_router_handler_duration_seconds_sum', { handler: 'progressionXp', plugin: 'progression' })
		).toBeGreaterThan(0);
		expect(sampleValue(families, 'tika_router_handler_errors_total', { handler: 'progressionXp', plugin: 'progression' })).toBe(0);
		// Database statements were timed (the XP buffer read members' rows; settings were read).
		expect(sampleValue(families, 'tika_db_query_duration_seconds_count', { operation: 'select' })).toBeGreaterThan(0);
		// The scheduler: no tasks yet, none dead.
		expect(sampleValue(families, 'tika_scheduler_tasks', { status: 'pending' })).toBe(0);
		expect(sampleValue(families, 'tika_scheduler_dead_letters')).toBe(0);
		expect(sampleValue(families, 'tika_scheduler_lag_seconds', { quantile: '0.99' })).toBe(0);
		// Progression's own gauge, registered by the plugin: alice and bob are in the XP buffer, not yet written.
		expect(sampleValue(families, 'tika_progression_xp_buffer_entries')).toBe(2);
		expect(sampleValue(families, 'tika_progression_xp_buffer_unwritten')).toBe(2);
	});

	test('GIVEN a reminder task due now THEN the scheduler metrics count its run and its lag', async () => {
		const { double, general, alice } = bot;
		const handle = await double.slashCommand({ channel: general, user: alice, name: 'timer', options: { duration: '1s' } });
		await handle.reply();
		const families = await scrapeUntil((current) => (sampleValue(current, 'tika_scheduler_runs_total') ?? 0) >= 1);

		expect(sampleValue(families, 'tika_scheduler_runs_total')).toBe(1);
		expect(sampleValue(families, 'tika_scheduler_failures_total')).toBe(0);
		expect(sampleValue(families, 'tika_scheduler_tasks', { status: 'pending' })).toBe(0);
		const lag = sampleValue(families, 'tika_scheduler_lag_seconds', { quantile: '0.5' })!;
		expect(lag).toBeGreaterThanOrEqual(0);
		expect(lag).toBeLessThan(5);
	});

	test('GIVEN docs/operations.md and the Grafana dashboard THEN every metric they name is one /metrics serves', async () => {
		const root = join(__dirname, '../..');
		const named = new Set(
			[readFileSync(join(root, 'docs/operations.md'), 'utf8'), readFileSync(join(root, 'docs/grafana/tika-dashboard.json'), 'utf8')]
				.flatMap((text) => text.match(/\b(?:tika|process|nodejs)_[a-z0-9_]+/g) ?? [])
				.map((name) => name.replace(/_(bucket|sum|count)$/, ''))
		);
		const families = await scrape();

		expect(named.size).toBeGreaterThan(20);
		expect([...named].filter((name) => !families.has(name))).toEqual([]);
	});

	test('GIVEN the Grafana dashboard THEN every tika_* series /metrics serves is drawn by a panel, and the panels are well formed', async () => {
		const dashboard = JSON.parse(readFileSync(join(__dirname, '../../docs/grafana/tika-dashboard.json'), 'utf8')) as GrafanaDashboard;
		const panels = dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
		// Every family the running bot registers (core and plugins), samples or not: its HELP and TYPE lines are served.
		const families = await scrape();
		const exported = [...families.keys()].filter((name) => name.startsWith('tika_'));
		const drawn = new Set(
			panels
				.flatMap((panel) => (panel.targets ?? []).flatMap((target) => target.expr.match(/\btika_[a-z0-9_]+/g) ?? []))
				.map((name) => (families.has(name) ? name : name.replace(/_(bucket|sum|count)$/, '')))
		);

		expect(exported).toEqual(
			expect.arrayContaining(['tika_plugin_handler_seconds_per_message', 'tika_plugin_command_latency_seconds', 'tika_plugin_memory_bytes'])
		);
		expect(exported.filter((name) => !drawn.has(name))).toEqual([]);

		// Importable as shipped: unique ids, every query on the chosen Prometheus, no two panels on the same cells.
		expect(new Set(panels.map((panel) => panel.id)).size).toBe(panels.length);
		for (const panel of panels.filter((candidate) => candidate.type !== 'row')) {
			expect({ title: panel.title, datasource: panel.datasource }).toEqual({
				title: panel.title,
				datasource: { type: 'prometheus', uid: '${datasource}' }
			});
			expect(panel.targets?.length).toBeGreaterThan(0);
			for (const target of panel.targets!) expect(target.datasource).toEqual(panel.datasource);
			expect(new Set(panel.targets!.map((target) => target.refId)).size).toBe(panel.targets!.length);
		}
		const overlapping = panels.flatMap((a, i) =>
			panels
				.slice(i + 1)
				.filter(
					(b) =>
						a.gridPos.x < b.gridPos.x + b.gridPos.w &&
						b.gridPos.x < a.gridPos.x + a.gridPos.w &&
						a.gridPos.y < b.gridPos.y + b.gridPos.h &&
						b.gridPos.y < a.gridPos.y + a.gridPos.h
				)
				.map((b) => `${a.title} / ${b.title}`)
		);
		expect(overlapping).toEqual([]);
		expect(panels.filter((panel) => panel.gridPos.x + panel.gridPos.w > 24).map((panel) => panel.title)).toEqual([]);
	});

	test('GIVEN the example alert rules in docs/operations.md THEN they parse as a Prometheus rules file', () => {
		const operations = readFileSync(join(__dirname, '../../docs/operations.md'), 'utf8');
		const block = /### Example alert rules\s+```yaml\n([\s\S]*?)```/.exec(operations)?.[1];
		expect(block).toBeDefined();
		const rules = parseYaml(block!) as { groups: { name: string; rules: { alert: string; expr: string; for?: string }[] }[] };

		const all = rules.groups.flatMap((group) => group.rules);
		expect(all.length).toBeGreaterThan(5);
		for (const rule of all) {
			expect(rule).toEqual(expect.objectContaining({ alert: expect.stringMatching(/^Tika[A-Za-z]+$/), expr: expect.any(String) }));
			if (rule.for !== undefined) expect(rule.for).toMatch(/^\d+[smh]$/);
		}
	});
});

interface GrafanaPanel {
	id: number;
	type: string;
	title: string;
	gridPos: { x: number; y: number; w: number; h: number };
	datasource?: { type: string; uid: string };
	targets?: { expr: string; refId: string; datasource?: { type: string; uid: string } }[];
	panels?: GrafanaPanel[];
}

interface GrafanaDashboard {
	panels: GrafanaPanel[];
}
