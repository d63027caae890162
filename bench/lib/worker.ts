/**
 * Parent side of the process-per-side benches: spawns a worker script under tsx with the given environment, splits its
 * stdout into lines and lets the caller wait for a line starting with a prefix (READY, DONE …).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { COMPILED_TSCONFIG } from './build';

const ROOT = resolve(__dirname, '../..');

/**
 * `compiled`: Tika comes from dist/ (call buildTika() first; see bench/lib/build.ts), not from src/ through tsx.
 */
export function spawnWorker(script: string, args: string[], env: Record<string, string>, options: { compiled?: boolean } = {}) {
	// BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles every worker (flags NODE_OPTIONS does not take).
	const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
	const child = spawn(process.execPath, [...nodeArgs, '--require', 'tsx/cjs', script, ...args], {
		cwd: ROOT,
		env: {
			PATH: process.env.PATH ?? '',
			NODE_ENV: 'production',
			...(process.env.BENCH_PROFILE_DIR ? { BENCH_PROFILE_DIR: process.env.BENCH_PROFILE_DIR } : {}),
			...(process.env.BENCH_PROFILE_KIND ? { BENCH_PROFILE_KIND: process.env.BENCH_PROFILE_KIND } : {}),
			...(options.compiled ? { TSX_TSCONFIG_PATH: COMPILED_TSCONFIG } : {}),
			...env
		},
		stdio: ['ignore', 'pipe', 'inherit']
	});
	const lines: ((line: string) => void)[] = [];
	let processed = 0;
	onLines(child.stdout!, (line) => {
		if (line.startsWith('AT ')) processed = Number(line.slice(3));
		for (const listener of lines) listener(line);
	});
	const waitFor = (prefix: string) =>
		new Promise<string>((resolvePromise) => lines.push((line) => line.startsWith(prefix) && resolvePromise(line)));
	/** Messages the worker has reported processing so far (its `AT <n>` lines, see messageCounter). */
	return { child, waitFor, processed: () => processed };
}

/** Calls `listener` with every complete line of `stream` (a child's stdout), without its newline. */
export function onLines(stream: Readable, listener: (line: string) => void): void {
	let output = '';
	stream.on('data', (chunk: Buffer) => {
		output += chunk.toString();
		let index: number;
		while ((index = output.indexOf('\n')) !== -1) {
			const line = output.slice(0, index);
			output = output.slice(index + 1);
			listener(line);
		}
	});
}

export async function stopWorker(child: ChildProcess) {
	const exited = new Promise((resolvePromise) => child.once('exit', resolvePromise));
	child.kill('SIGKILL');
	await exited;
}
