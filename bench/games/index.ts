/**
 * bench/games — interactive_games performance, two measures:
 *
 * 1. Connect 4 AI move time: Tika's negamax (alpha-beta, iterative deepening, 150 ms budget as in live games) on many
 *    positions from seeded random openings (0–30 plies, never already decided). Prints p50 / p99 / max and the mean depth
 *    reached. Target: p99 ≤ 200 ms (Discord allows 3 s for the interaction response).
 * 2. Button press round trip: the real Tika (startTika, SQLite, every plugin) against the Discord double; each sample is
 *    the time from dispatching a TicTacToe square press (alice vs bob, a full 9-move drawn game per round) to the double
 *    receiving the interaction callback (type 7 UPDATE_MESSAGE with the new board). Baseline in the same run: /ping,
 *    dispatch → its interaction callback. Target: ratio ≤ 1.5×. Also reported, without a target: a Connect 4 press
 *    against Tika (includes her move, so ≈ the AI budget).
 *
 * Usage: npm run bench:games [-- --positions 300 --rounds 40] (--quick or BENCH_QUICK=1: 40 positions, 6 rounds)
 */
import type { APIMessage } from 'discord-api-types/v10';
import { C4_COLUMNS, c4AiMove, c4LegalColumns, c4Outcome, c4Play, newC4, type C4State } from '../../src/plugins/interactive_games/lib/connect4';
import { C4_AI_BUDGET_MS } from '../../src/plugins/interactive_games/lib/session';
import { startTestBot } from '../../tests/support/harness';
import { benchCli } from '../lib/cli';
import { median, percentile, printResult, ratioLine } from '../lib/stats';

const cli = benchCli(`Usage: npm run bench:games [-- --positions 300 --rounds 40] [-- --quick]
  Connect 4 AI move time on seeded positions (target p99 ≤ 200 ms), and a TicTacToe button press round trip through
  the real Tika against /ping in the same run (target ≤ 1.5×). --quick (or BENCH_QUICK=1): 40 positions, 6 rounds.`);
const POSITIONS = cli.number('positions', 300, 40);
const ROUNDS = cli.number('rounds', 40, 6);

/** Deterministic PRNG (mulberry32) so every run benches the same positions. */
function rng(seed: number) {
	return () => {
		seed |= 0;
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function positions(count: number): { state: C4State; player: 1 | 2 }[] {
	const random = rng(42);
	const list: { state: C4State; player: 1 | 2 }[] = [];
	while (list.length < count) {
		const state = newC4();
		const plies = Math.floor(random() * 31);
		let player: 1 | 2 = 1;
		let ok = true;
		for (let i = 0; i < plies; i++) {
			const legal = c4LegalColumns(state);
			c4Play(state, legal[Math.floor(random() * legal.length)]!, player);
			player = player === 1 ? 2 : 1;
			if (c4Outcome(state) !== null) {
				ok = false;
				break;
			}
		}
		if (ok) list.push({ state, player });
	}
	return list;
}

function benchAi() {
	const times: number[] = [];
	const depths: number[] = [];
	for (const { state, player } of positions(POSITIONS)) {
		const started = performance.now();
		const result = c4AiMove(state, player, { budgetMs: C4_AI_BUDGET_MS });
		times.push(performance.now() - started);
		depths.push(result.depth);
		if (result.column < 0 || result.column >= C4_COLUMNS) throw new Error('illegal AI move');
	}
	const p99 = percentile(times, 99);
	console.log(`Connect 4 AI (${POSITIONS} positions, budget ${C4_AI_BUDGET_MS} ms):`);
	console.log(
		`  p50 ${median(times).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms; mean depth ${(depths.reduce((a, b) => a + b, 0) / depths.length).toFixed(1)} → ${p99 <= 200 ? 'OK' : 'MISSED'} (target p99 ≤ 200 ms)`
	);
	printResult({
		bench: 'games',
		metric: `Connect 4 AI move, ${POSITIONS} positions, ${C4_AI_BUDGET_MS} ms budget, p99`,
		figure: p99,
		unit: 'ms',
		target: '≤ 200 ms',
		met: p99 <= 200,
		note: `p50 ${median(times).toFixed(1)} ms`
	});
}

interface Component {
	custom_id: string;
	disabled?: boolean;
}
const ids = (message: APIMessage) => ((message.components ?? []) as unknown as { components?: Component[] }[]).flatMap((row) => row.components ?? []);

async function benchPress() {
	const bot = await startTestBot();
	try {
		const tick = () => new Promise((resolve) => setTimeout(resolve, 100));
		const ping = async () => {
			const started = performance.now();
			const run = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'ping' });
			await run.response();
			const elapsed = performance.now() - started;
			await run.reply();
			return elapsed;
		};
		const press = async (message: APIMessage, suffix: string, user: typeof bot.alice) => {
			const latest = bot.double.message(message.id)!;
			const customId = ids(latest).find((component) => component.custom_id.endsWith(`:${suffix}`))!.custom_id;
			const started = performance.now();
			const click = await bot.double.clickButton({ message: latest, customId, user });
			const response = await click.response();
			const elapsed = performance.now() - started;
			if (response.type !== 7) throw new Error(`expected UPDATE_MESSAGE, got ${response.type}`);
			return elapsed;
		};
		const draw: [typeof bot.alice, string][] = [
			[bot.alice, 'm0'],
			[bot.bob, 'm1'],
			[bot.alice, 'm2'],
			[bot.bob, 'm4'],
			[bot.alice, 'm3'],
			[bot.bob, 'm5'],
			[bot.alice, 'm7'],
			[bot.bob, 'm6'],
			[bot.alice, 'm8']
		];
		const pings: number[] = [];
		const presses: number[] = [];
		const aiPresses: number[] = [];
		for (let round = 0; round < ROUNDS + 3; round++) {
			const warm = round < 3;
			// Alternate baseline and subject within each round so drift affects both alike.
			for (let i = 0; i < 9; i++) {
				const elapsed = await ping();
				if (!warm) pings.push(elapsed);
			}
			const run = await bot.double.slashCommand({
				channel: bot.general,
				user: bot.alice,
				name: 'game',
				subcommand: 'tictactoe',
				options: { opponent: bot.bob }
			});
			const board = await run.reply();
			await tick();
			await press(board, 'a', bot.bob);
			for (const [user, square] of draw) {
				const elapsed = await press(board, square, user);
				if (!warm) presses.push(elapsed);
			}
			if (round % 4 === 0) {
				const c4 = await (
					await bot.double.slashCommand({
						channel: bot.general,
						user: bot.bob,
						name: 'game',
						subcommand: 'connect4',
						options: { difficulty: 'hard' }
					})
				).reply();
				await tick();
				for (let move = 0; move < 3; move++) aiPresses.push(await press(c4, `m${move + 2}`, bot.bob));
				await press(c4, 'f', bot.bob);
			}
		}
		console.log(`Button press round trip (${presses.length} TicTacToe presses, ${pings.length} /ping, same run):`);
		console.log(
			`  press p50 ${median(presses).toFixed(2)} ms, p99 ${percentile(presses, 99).toFixed(2)} ms; /ping p50 ${median(pings).toFixed(2)} ms`
		);
		const ratio = median(presses) / median(pings);
		console.log(`  ${ratioLine('press vs /ping (median)', median(presses), median(pings), 'ms', '≤ 1.5×')} → ${ratio <= 1.5 ? 'OK' : 'MISSED'}`);
		console.log(
			`  Connect 4 press vs Tika (incl. her move, hard): p50 ${median(aiPresses).toFixed(1)} ms, max ${Math.max(...aiPresses).toFixed(1)} ms (${aiPresses.length} presses)`
		);
		printResult({
			bench: 'games',
			metric: 'TicTacToe button press round trip, p50',
			figure: median(presses),
			unit: 'ms',
			baseline: median(pings),
			baselineName: '/ping',
			target: '≤ 1.5×',
			met: ratio <= 1.5,
			note: `p99 ${percentile(presses, 99).toFixed(1)} ms`
		});
		printResult({
			bench: 'games',
			metric: 'Connect 4 press against Tika, hard (incl. her move), p50',
			figure: median(aiPresses),
			unit: 'ms',
			baseline: median(pings),
			baselineName: '/ping',
			target: '',
			met: null
		});
	} finally {
		await bot.stop();
	}
}

async function main() {
	benchAi();
	await benchPress();
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	}
);
