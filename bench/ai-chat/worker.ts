/**
 * One side of bench/ai-chat, in its own process. `BENCH_SIDE=bare`: a bare discord.js client that replies to every
 * member's message with the answer text at once (what Discord alone costs). Otherwise the real Tika (startTika, every
 * plugin) with ai_chat on and pointed at the parent's OpenAI-compatible double, no limits; it measures its own
 * event-loop delay (perf_hooks.monitorEventLoopDelay) between SIGUSR1 (start) and SIGUSR2 (print
 * `LAG <p50 ms> <p99 ms> <max ms>`).
 */
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { runWorker, startBenchTika } from '../lib/bench-worker';

async function bare() {
	const client = new Client({
		intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
		rest: { api: process.env.DISCORD_API_URL!, globalRequestsPerSecond: 10_000 }
	});
	client.on(Events.MessageCreate, (message) => {
		if (message.author.bot) return;
		void message.reply({ content: process.env.BENCH_ANSWER!, allowedMentions: { parse: [], repliedUser: false } });
	});
	client.once(Events.ClientReady, () => console.log('READY'));
	await client.login(process.env.DISCORD_TOKEN);
}

runWorker(async () => {
	if (process.env.BENCH_SIDE === 'bare') return bare();
	await startBenchTika(
		'',
		'benchAiChatTick',
		() => undefined,
		(config) => {
			config.features.defaultDisabled = config.features.defaultDisabled.filter((name) => name !== 'ai_chat');
			config.features.defaultEnabled = [...config.features.defaultEnabled, 'ai_chat'];
			config.plugins = {
				...config.plugins,
				settings: {
					ai_chat: {
						base_url: process.env.BENCH_AI_URL,
						model: 'double-model',
						max_retries: 0,
						limits: { member_requests: 0, guild_requests: 0, member_daily_tokens: 0, guild_daily_tokens: 0 }
					}
				}
			};
		}
	);
	const delay = monitorEventLoopDelay({ resolution: 1 });
	process.on('SIGUSR1', () => {
		delay.reset();
		delay.enable();
	});
	process.on('SIGUSR2', () => {
		delay.disable();
		const ms = (ns: number) => (ns / 1e6).toFixed(2);
		console.log(`LAG ${ms(delay.percentile(50))} ${ms(delay.percentile(99))} ${ms(delay.max)}`);
	});
	console.log('READY');
});
