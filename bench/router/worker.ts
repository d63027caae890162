/**
 * One side of bench/router, run in its own process. `bare`: a discord.js client with a single messageCreate listener.
 * `tika`: the real Tika (startTika, config.yml as shipped) with bench/router/plugins loaded: 10 no-op message handlers
 * in 3 plugins, feature checks on. `full`: the real Tika with every shipped plugin enabled in every guild (ai_chat
 * pointed at BENCH_AI_URL, link fixing's health probe off) and one last handler (bench/router/full-plugins) counting
 * messages after all of theirs. All print READY, then DONE <ms> <cpu ms> once they have processed N messages (timed
 * from the message at 10% to the N-th); `full` then prints `STATS {json}`: the router's per-handler counters and what
 * the guild had loaded (word filter rules, auto-reply triggers), so the parent can check every plugin really ran.
 */
import { join } from 'node:path';
import type * as Framework from '@sapphire/framework';
import { messageCounter, printDone, runWorker, startBareClient, startBenchTika } from '../lib/bench-worker';
import type * as Filter from '#plugins/moderation/lib/filter/service';
import type * as AutoReplies from '#plugins/message_automation/lib/autoreply/service';

const mode = process.argv[2];
/** Every shipped plugin with a message handler, enabled in every guild on the `full` side. */
const SHIPPED = ['moderation', 'message_automation', 'progression', 'server_tools', 'word_games', 'ai_chat', 'chapel'];

function printStats() {
	const { container } = require('@sapphire/framework') as typeof Framework;
	const guildId = process.env.BENCH_GUILD_ID!;
	const filter = (require('#plugins/moderation/lib/filter/service') as typeof Filter).peekState(guildId);
	const replies = (require('#plugins/message_automation/lib/autoreply/service') as typeof AutoReplies).peekState(guildId);
	const handlers = container.router
		.stats()
		.map(({ name, plugin, calls, handled, errors, skipped, p50Ms }) => ({ name, plugin, calls, handled, errors, skipped, p50Ms }));
	console.log(`STATS ${JSON.stringify({ handlers, filterRules: filter?.filter.size ?? null, autoReplyTriggers: replies?.matcher.size ?? null })}`);
}

const { tick } = messageCounter(Number(process.env.BENCH_MESSAGES ?? 20_000), (wallMs, cpuMs) => {
	printDone(wallMs, cpuMs);
	if (mode === 'full') printStats();
});

async function tika() {
	await startBenchTika(join(__dirname, 'plugins'), 'benchRouterTick', tick);
	console.log('READY');
}

async function full() {
	await startBenchTika(join(__dirname, 'full-plugins'), 'benchRouterTick', tick, (config) => {
		config.features.defaultDisabled = config.features.defaultDisabled.filter((name) => !SHIPPED.includes(name));
		config.features.defaultEnabled = [...new Set([...config.features.defaultEnabled, ...SHIPPED])];
		config.plugins = {
			...config.plugins,
			settings: {
				ai_chat: { base_url: process.env.BENCH_AI_URL, model: 'double-model', max_retries: 0 },
				message_automation: { link_fix: { health_probe: { enabled: false } } }
			}
		};
	});
	console.log('READY');
}

runWorker(() => (mode === 'bare' ? startBareClient(tick) : mode === 'full' ? full() : tika()));
