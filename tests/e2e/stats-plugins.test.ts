/**
 * Per-plugin figures (issue #18, "Built-in stats"): after members chat, play the word chain and run /rank, the owner's
 * /stats shows each plugin's handler time per message, its commands' p50/p95 and the memory it reports; a plain member
 * gets the public card only; and the same numbers are on /metrics.
 */
import { container } from '@sapphire/framework';
import type { APIEmbed } from 'discord.js';
import { request } from 'node:http';
import type { InteractionHandle } from '../../src/playground/double';
import { startTestBot, type TestBot } from '../support/harness';
import { parsePrometheusText, sampleValue } from '../support/prometheus';

jest.setTimeout(60_000);

let bot: TestBot;

beforeAll(async () => {
	bot = await startTestBot({
		config: (config) => {
			config.metrics.enabled = true;
			config.metrics.port = 0;
		}
	});
});

afterAll(async () => {
	await bot?.stop();
});

function get(url: string): Promise<string> {
	return new Promise((resolve, reject) => {
		request(url, (response) => {
			let body = '';
			response.setEncoding('utf8');
			response.on('data', (chunk: string) => (body += chunk));
			response.on('end', () => resolve(body));
		})
			.on('error', reject)
			.end();
	});
}

async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

/** The embeds of a reply. With every shipped plugin the table fits beside the overview: one page, no buttons. */
async function pagesOf(handle: InteractionHandle): Promise<APIEmbed[]> {
	const reply = await handle.reply();
	expect(reply.components ?? []).toEqual([]);
	return reply.embeds ?? [];
}

/** The table rows of the "Plugins" fields, by plugin name: [ms/msg, p50/p95, memory]. */
function tableRows(embeds: readonly APIEmbed[]): Map<string, string[]> {
	const rows = new Map<string, string[]>();
	for (const field of embeds.flatMap((embed) => embed.fields ?? [])) {
		if (!field.name.startsWith('Plugins')) continue;
		expect(field.value.length).toBeLessThanOrEqual(1024);
		const lines = field.value.split('\n').filter((line) => line && !line.startsWith('```') && !line.startsWith('plugin '));
		for (const line of lines) {
			const [name, ...cells] = line.trim().split(/\s{2,}/);
			rows.set(name!, cells);
		}
	}
	return rows;
}

describe('/stats per plugin', () => {
	it('GIVEN members chatted, played the word chain and ran /rank THEN the owner sees each plugin’s figures and /metrics has them too', async () => {
		const words = bot.guild.createChannel('words');
		const start = await bot.double.slashCommand({ channel: words, user: bot.owner, name: 'wordchain', subcommand: 'start' });
		await start.reply();
		// Chat in #general reaches every handler down to XP (priority 900); the word chain takes its channel's messages.
		for (const [user, text] of [
			[bot.alice, 'good morning everyone'],
			[bot.bob, 'morning alice'],
			[bot.alice, 'how is everyone doing today?']
		] as const) {
			await bot.general.send(user, text);
		}
		// Valid words, alternating players: the first loads the dictionary.
		for (const [user, word] of [
			[bot.alice, 'apple'],
			[bot.bob, 'elephant'],
			[bot.alice, 'tiger'],
			[bot.bob, 'rabbit']
		] as const) {
			const sent = await words.send(user, word);
			await bot.double.waitForRequest((request) => request.method === 'PUT' && request.path.includes(`/messages/${sent.id}/reactions/`));
		}
		await until(() => container.router.stats().some((handler) => handler.plugin === 'progression' && handler.calls >= 3), 'XP to see the chat');
		for (let i = 0; i < 3; i++) await (await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'rank' })).reply();

		const handle = await bot.double.slashCommand({ channel: bot.general, user: bot.owner, name: 'stats' });
		const pages = await pagesOf(handle);
		expect(await handle.isEphemeral()).toBe(true);
		for (const page of pages) expect(page.fields!.length).toBeLessThanOrEqual(25);
		const header = pages.flatMap((page) => page.fields ?? []).find((field) => field.name.startsWith('Plugins ('))!;
		expect(header.name).toMatch(/^Plugins \(ms per message over \d+ routed · command p50\/p95 ms · memory\)$/);
		expect(header.value).toMatch(/^```\nplugin +ms\/msg +cmd p50\/p95 +memory\n/);

		const rows = tableRows(pages);
		// Every plugin that is on has a row.
		for (const plugin of ['progression', 'word_games', 'moderation', 'message_automation', 'chapel', 'bot_admin'])
			expect(rows.has(plugin)).toBe(true);
		const [progressionPerMessage, progressionLatency] = rows.get('progression')!;
		expect(progressionPerMessage).toMatch(/^\d+(\.\d+)?$/);
		expect(progressionLatency).toMatch(/^\d+(\.\d+)?\/\d+(\.\d+)?$/);
		// The dictionary was loaded by the first word: ≈ 3.8 MB of typed arrays.
		expect(rows.get('word_games')![2]).toMatch(/^[3-9]\.\d MiB$/);
		// bot_admin has no handler and no memory hook: dashes; its /stats run has no latency until it finished.
		expect(rows.get('bot_admin')![0]).toBe('-');

		const memory = pages.flatMap((page) => page.fields ?? []).find((field) => field.name === 'Plugin memory (estimated)')!;
		expect(memory.value.split('\n')[0]).toMatch(/^`word_games\.dictionary` [3-9]\.\d MiB$/);
		expect(memory.value).toMatch(/`progression\.xp_buffer` \d+(\.\d)? (B|KiB)/);

		const families = parsePrometheusText(await get(`${bot.instance.metricsUrl}/metrics`));
		expect(sampleValue(families, 'tika_plugin_handler_seconds_per_message', { plugin: 'progression' })).toBeGreaterThan(0);
		expect(sampleValue(families, 'tika_plugin_handler_seconds_per_message', { plugin: 'word_games' })).toBeGreaterThan(0);
		const p50 = sampleValue(families, 'tika_plugin_command_latency_seconds', { plugin: 'progression', quantile: '0.5' })!;
		const p95 = sampleValue(families, 'tika_plugin_command_latency_seconds', { plugin: 'progression', quantile: '0.95' })!;
		expect(p50).toBeGreaterThan(0);
		expect(p95).toBeGreaterThanOrEqual(p50);
		expect(sampleValue(families, 'tika_plugin_memory_bytes', { plugin: 'word_games', item: 'dictionary' })).toBeGreaterThan(3_000_000);
		expect(sampleValue(families, 'tika_plugin_memory_bytes', { plugin: 'progression', item: 'xp_buffer' })).toBeGreaterThan(0);
	});

	it('GIVEN a plain member runs /stats THEN the public card is posted, with no plugin figures', async () => {
		const handle = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'stats' });
		const [card] = await pagesOf(handle);
		expect(await handle.isEphemeral()).toBe(false);
		expect(card!.title).not.toContain('operator view');
		expect(card!.fields!.map((field) => field.name)).toEqual(['Uptime', 'Servers', 'Ping', 'Commands served']);
		expect(JSON.stringify(card)).not.toContain('ms/msg');
	});
});
