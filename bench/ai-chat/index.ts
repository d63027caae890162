/**
 * bench/ai-chat — what Tika adds to an AI answer over the model's own time, and how much she blocks her event loop
 * while an answer streams.
 *
 * Usage: npm run bench:ai-chat [-- --messages 200] (--quick or BENCH_QUICK=1: 40 answers after 10 warm-up, 2 long ones)
 *
 * Overhead: the OpenAI-compatible double answers with 0 ms model time (no latency, no delay between pieces), so an
 * answer's whole time is Tika's and the transports'. The baseline, measured in this same run and process, is the same
 * chat-completions request (same system prompt size, same 20-piece streamed answer) sent straight to the double with
 * the openai client and read to its end. Tika's time runs from the member's message leaving the Discord double to the
 * finished answer arriving at the double's REST API: gateway, router, limits, memory, prompt, the model request,
 * streaming, the word-filter check and the reply. Discord's own part (the message reaching a bot through the gateway,
 * the reply's REST call) is measured too, with a bare discord.js client that replies with the same text at once, in
 * the same run. Tika's overhead is her time minus both baselines, p50 and p99. Target p50 ≤ 5 ms.
 *
 * Event-loop lag: Tika (in her own process) records perf_hooks.monitorEventLoopDelay while answers of 200 pieces
 * stream (5 ms apart, so edits happen as they would for a real model), and for the same time while idle, as the
 * baseline. Target p99 ≤ 10 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { deploy } from '#core/database/index';
import { DiscordDouble } from '../../src/playground/double';
import { OpenAIDouble, piecesOf } from '../../tests/support/openai-double';
import { benchCli } from '../lib/cli';
import { percentile, printResult } from '../lib/stats';
import { spawnWorker, stopWorker } from '../lib/worker';

const cli = benchCli(`Usage: npm run bench:ai-chat [-- --messages 200] [-- --quick]
  What Tika adds to an AI answer over the model (a 0 ms local double) and Discord (a bare client), target p50 ≤ 5 ms;
  and her event-loop delay while long answers stream, against idle, target p99 ≤ 10 ms.
  --messages N: answers timed per side (default 200). --quick (or BENCH_QUICK=1): 40 answers, 2 long ones.`);
/** Answers timed per side (the other message benches' default of 20,000 would take long). */
const ANSWERS = cli.number('messages', 200, 40);
const WARMUP = cli.quick ? 10 : 20;
const KEY = 'bench-key';
const ANSWER = Array.from({ length: 20 }, (_, index) => `word${index}`).join(' ');
const LONG_ANSWER = Array.from({ length: 200 }, (_, index) => `token${index}`).join(' ');
const LONG_ANSWERS = cli.quick ? 2 : 5;

async function main() {
	const dir = mkdtempSync(join(tmpdir(), 'tika-bench-ai-'));
	const databaseUrl = `file:${join(dir, 'tika.db')}`;
	await deploy(databaseUrl);
	const double = await new DiscordDouble().start();
	const ai = await new OpenAIDouble({ apiKey: KEY }).start();
	ai.fallback = { kind: 'answer', text: ANSWER, usage: { prompt_tokens: 300, completion_tokens: 20 } };
	const member = double.createUser({ username: 'asker', globalName: 'Asker' });
	const guild = double.createGuild({ name: 'Bench', ownerId: member });
	const channels = Array.from({ length: 10 }, (_, index) => guild.createChannel(`chat-${index}`));

	const mention = `<@${double.bot.id}>`;
	/** Member's message → the finished answer at the double's REST API, for each of `count` questions after warm-up. */
	const timeAnswers = async (count: number) => {
		const times: number[] = [];
		for (let index = 0; index < WARMUP + count; index++) {
			const channel = channels[index % channels.length]!;
			const finished = double.waitForRequest(
				(request) =>
					(request.method === 'POST' || request.method === 'PATCH') &&
					request.path.startsWith(`/channels/${channel.id}/messages`) &&
					(request.body as { content?: string } | undefined)?.content === ANSWER,
				{ timeout: 10_000, includeExisting: false }
			);
			const started = performance.now();
			await double.sendMessage({ channel, author: member, content: `${mention} question ${index}` });
			await finished;
			if (index >= WARMUP) times.push(performance.now() - started);
		}
		return times;
	};
	const env = { DISCORD_TOKEN: double.token, DISCORD_API_URL: double.apiUrl, DATABASE_URL: databaseUrl, AI_API_KEY: KEY, BENCH_AI_URL: ai.baseURL };

	// Discord alone: a bare client replying with the answer text at once.
	const bareWorker = spawnWorker(join(__dirname, 'worker.ts'), [], { ...env, BENCH_SIDE: 'bare', BENCH_ANSWER: ANSWER });
	await bareWorker.waitFor('READY');
	const discord = await timeAnswers(ANSWERS);
	await stopWorker(bareWorker.child);

	const { child, waitFor } = spawnWorker(join(__dirname, 'worker.ts'), [], env);
	await waitFor('READY');

	// Baseline: the same streamed request, straight to the double with the openai client.
	const client = new OpenAI({ apiKey: KEY, baseURL: ai.baseURL, maxRetries: 0 });
	const system = 'x'.repeat(1200);
	const baseline: number[] = [];
	for (let index = 0; index < WARMUP + ANSWERS; index++) {
		const started = performance.now();
		const stream = await client.chat.completions.create({
			model: 'double-model',
			stream: true,
			stream_options: { include_usage: true },
			messages: [
				{ role: 'system', content: system },
				{ role: 'user', content: `Asker: question ${index}` }
			]
		});
		let text = '';
		for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
		if (text !== ANSWER) throw new Error(`baseline got ${text}`);
		if (index >= WARMUP) baseline.push(performance.now() - started);
	}

	// Tika: a member asks, the finished answer reaches Discord.
	const tika = await timeAnswers(ANSWERS);
	const writes = double.requests.filter((request) => request.method === 'PATCH').length;

	// Event-loop lag while 200-piece answers stream, against the same time idle.
	ai.tokenDelayMs = 5;
	ai.fallback = { kind: 'answer', text: LONG_ANSWER, pieces: piecesOf(LONG_ANSWER) };
	const lagStarted = performance.now();
	child.kill('SIGUSR1');
	for (let index = 0; index < LONG_ANSWERS; index++) {
		const channel = channels[index]!;
		const finished = double.waitForRequest(
			(request) => request.method === 'PATCH' && (request.body as { content?: string } | undefined)?.content === LONG_ANSWER,
			{ timeout: 30_000, includeExisting: false }
		);
		await double.sendMessage({ channel, author: member, content: `${mention} tell me a long story ${index}` });
		await finished;
	}
	let lagLine = waitFor('LAG');
	child.kill('SIGUSR2');
	const streaming = (await lagLine).split(' ').slice(1).map(Number);
	const lagMs = performance.now() - lagStarted;
	child.kill('SIGUSR1');
	await new Promise((resolve) => setTimeout(resolve, lagMs));
	lagLine = waitFor('LAG');
	child.kill('SIGUSR2');
	const idle = (await lagLine).split(' ').slice(1).map(Number);

	await stopWorker(child);
	await ai.stop();
	await double.stop();
	rmSync(dir, { recursive: true, force: true });

	const p = (values: number[], q: number) => percentile(values, q);
	const overhead50 = p(tika, 50) - p(baseline, 50) - p(discord, 50);
	const overhead99 = p(tika, 99) - p(baseline, 99) - p(discord, 99);
	console.log(`answers: ${ANSWERS} (after ${WARMUP} warm-up), 20 pieces each, 0 ms model time; ${writes} edits in total`);
	console.log(`baseline (openai client straight to the double): p50 ${p(baseline, 50).toFixed(2)} ms, p99 ${p(baseline, 99).toFixed(2)} ms`);
	console.log(`baseline (bare discord.js client replying at once): p50 ${p(discord, 50).toFixed(2)} ms, p99 ${p(discord, 99).toFixed(2)} ms`);
	console.log(`Tika (message → finished answer on Discord):    p50 ${p(tika, 50).toFixed(2)} ms, p99 ${p(tika, 99).toFixed(2)} ms`);
	console.log(
		`overhead Tika adds per answer over the model and Discord: p50 ${overhead50.toFixed(2)} ms (target ≤ 5 ms), p99 ${overhead99.toFixed(2)} ms; ratio Tika / (model + Discord) p50 ${(p(tika, 50) / (p(baseline, 50) + p(discord, 50))).toFixed(2)}×`
	);
	console.log(
		`event-loop delay in Tika's process while ${LONG_ANSWERS} answers of 200 pieces stream (${(lagMs / 1000).toFixed(1)} s): p50 ${streaming[0]} ms, p99 ${streaming[1]} ms (target ≤ 10 ms), max ${streaming[2]} ms; idle for as long: p50 ${idle[0]} ms, p99 ${idle[1]} ms, max ${idle[2]} ms → ratio p99 ${(streaming[1]! / idle[1]!).toFixed(2)}×`
	);
	printResult({
		bench: 'ai-chat',
		metric: 'message → finished answer on Discord, p50',
		figure: p(tika, 50),
		unit: 'ms',
		baseline: p(baseline, 50) + p(discord, 50),
		baselineName: 'model request + bare Discord client',
		target: 'overhead ≤ 5 ms',
		met: overhead50 <= 5,
		note: `overhead ${overhead50.toFixed(2)} ms at p50, ${overhead99.toFixed(2)} ms at p99`
	});
	printResult({
		bench: 'ai-chat',
		metric: `event-loop delay while ${LONG_ANSWERS} answers of 200 pieces stream, p99`,
		figure: streaming[1]!,
		unit: 'ms',
		baseline: idle[1]!,
		baselineName: 'idle',
		target: '≤ 10 ms',
		met: streaming[1]! <= 10,
		note: `max ${streaming[2]} ms`
	});
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
