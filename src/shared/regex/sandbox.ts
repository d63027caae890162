import { Worker } from 'node:worker_threads';

/**
 * The hot path for user regexes: one long-lived worker thread per process runs every registered regex set (every
 * guild's, of every plugin), and the main thread hands it a text and waits synchronously (Atomics.wait) for at most
 * the budget. A regex that runs
 * away leaves the wait timed out: the main thread terminates the worker (V8 interrupts even a regex) and starts a
 * fresh one on the next call. Compared with a `vm` call with `timeout`, which starts a watchdog thread per call
 * (~0.1-0.2 ms of CPU per message), the hand-over costs a few tens of microseconds.
 *
 * The texts travel through a SharedArrayBuffer (UTF-16 units); the regex sets through the worker's message port,
 * which the worker drains synchronously before each job, so a set posted just before a job is always there.
 *
 * The worker's code is the string below, started with `eval: true`: there is no entry file to resolve, so the same
 * code runs under tsx and jest (.ts sources) and from the build (dist/.js). Nothing starts before the first `runSet`.
 */

/** Longest text handed over (each of the two texts); longer ones are cut. */
export const SANDBOX_MAX_TEXT = 8_000;
/** How long the first call may wait for the worker to start. */
const STARTUP_TIMEOUT_MS = 5_000;

// Control slots (Int32).
const REQUEST = 0;
const DONE = 1;
const SET = 2;
const LENGTH_A = 3;
const LENGTH_B = 4;
const FOUND = 5;
const WHICH = 6;
const START = 7;
const END = 8;
const READY = 9;

const WORKER_SOURCE = `
const { parentPort, workerData, receiveMessageOnPort } = require('node:worker_threads');
const control = new Int32Array(workerData.control);
const units = new Uint16Array(workerData.text);
const sets = new Map();
function drain() {
	for (let entry = receiveMessageOnPort(parentPort); entry; entry = receiveMessageOnPort(parentPort)) {
		const { id, sources } = entry.message;
		if (!sources) { sets.delete(id); continue; }
		let combined = null, starts = [];
		try {
			let next = 1;
			starts = sources.map((source) => { const at = next; next += new RegExp(source + '|').exec('').length; return at; });
			combined = new RegExp(sources.map((source) => '(' + source + ')').join('|'), 'i');
		} catch { combined = null; }
		sets.set(id, { combined, starts, each: sources.map((source) => new RegExp(source, 'i')) });
	}
}
function read(from, length) {
	let text = '';
	for (let i = from; i < from + length; i += 4096) text += String.fromCharCode.apply(null, units.subarray(i, Math.min(from + length, i + 4096)));
	return text;
}
function run(set, text) {
	if (set.combined) {
		const found = set.combined.exec(text);
		if (!found) return null;
		for (let i = 0; i < set.starts.length; i++) if (found[set.starts[i]] !== undefined) return [i, found.index, found.index + found[0].length];
		return null;
	}
	for (let i = 0; i < set.each.length; i++) {
		const found = set.each[i].exec(text);
		if (found) return [i, found.index, found.index + found[0].length];
	}
	return null;
}
Atomics.store(control, ${READY}, 1);
Atomics.notify(control, ${READY});
let seen = 0;
for (;;) {
	Atomics.wait(control, ${REQUEST}, seen);
	seen = Atomics.load(control, ${REQUEST});
	drain();
	const set = sets.get(control[${SET}]);
	let result = null, which = 0;
	if (set) {
		const lengthA = control[${LENGTH_A}], lengthB = control[${LENGTH_B}];
		result = run(set, read(0, lengthA));
		if (!result && lengthB >= 0) { result = run(set, read(lengthA, lengthB)); which = 1; }
	}
	control[${FOUND}] = result ? result[0] : -1;
	control[${WHICH}] = which;
	control[${START}] = result ? result[1] : 0;
	control[${END}] = result ? result[2] : 0;
	Atomics.store(control, ${DONE}, seen);
	Atomics.notify(control, ${DONE});
}
`;

interface Thread {
	worker: Worker;
	control: Int32Array;
	units: Uint16Array;
	sequence: number;
}

let thread: Thread | null = null;
let nextSetId = 1;
/** Every live set, re-sent to a fresh worker after a restart. */
const liveSets = new Map<number, readonly string[]>();
const finalizer = new FinalizationRegistry<number>((id) => {
	liveSets.delete(id);
	thread?.worker.postMessage({ id });
});

export type SandboxResult = { index: number; text: 0 | 1; start: number; end: number } | null | 'timeout';

/** Registers a regex set (already validated sources) for as long as `owner` lives; returns its id. */
export function registerSet(owner: object, sources: readonly string[]): number {
	const id = nextSetId++;
	liveSets.set(id, [...sources]);
	thread?.worker.postMessage({ id, sources: [...sources] });
	finalizer.register(owner, id);
	return id;
}

/** Runs set `id` on `first`, then (when no match) on `second`; 'timeout' when the budget ran out (the worker is then replaced). */
export function runSet(id: number, first: string, second: string | null, budgetMs: number): SandboxResult {
	const current = thread ?? start();
	const a = first.length > SANDBOX_MAX_TEXT ? first.slice(0, SANDBOX_MAX_TEXT) : first;
	const b = second === null ? null : second.length > SANDBOX_MAX_TEXT ? second.slice(0, SANDBOX_MAX_TEXT) : second;
	const { units, control } = current;
	for (let i = 0; i < a.length; i++) units[i] = a.charCodeAt(i);
	if (b !== null) for (let i = 0; i < b.length; i++) units[a.length + i] = b.charCodeAt(i);
	control[SET] = id;
	control[LENGTH_A] = a.length;
	control[LENGTH_B] = b === null ? -1 : b.length;
	const sequence = ++current.sequence;
	Atomics.store(control, REQUEST, sequence);
	Atomics.notify(control, REQUEST);
	const deadline = performance.now() + budgetMs;
	// A spurious wake-up (or a stale answer) loops until this job's answer arrives or the budget is spent.
	while (Atomics.load(control, DONE) !== sequence) {
		const left = deadline - performance.now();
		if (left <= 0 || Atomics.wait(control, DONE, Atomics.load(control, DONE), left) === 'timed-out') {
			if (Atomics.load(control, DONE) === sequence) break;
			stopRegexWorker();
			return 'timeout';
		}
	}
	const found = control[FOUND]!;
	if (found < 0) return null;
	return { index: found, text: control[WHICH] === 1 ? 1 : 0, start: control[START]!, end: control[END]! };
}

/** Stops the worker (plugin unload, shutdown, tests); harmless when none runs, and the next call starts a new one. */
export function stopRegexWorker(): void {
	if (!thread) return;
	void thread.worker.terminate();
	thread = null;
}

function start(): Thread {
	const control = new Int32Array(new SharedArrayBuffer(16 * Int32Array.BYTES_PER_ELEMENT));
	const units = new Uint16Array(new SharedArrayBuffer(2 * SANDBOX_MAX_TEXT * Uint16Array.BYTES_PER_ELEMENT));
	const worker = new Worker(WORKER_SOURCE, {
		eval: true,
		workerData: { control: control.buffer, text: units.buffer },
		resourceLimits: { maxOldGenerationSizeMb: 64 }
	});
	worker.unref();
	worker.on('error', () => {
		if (thread?.worker === worker) thread = null;
	});
	for (const [id, sources] of liveSets) worker.postMessage({ id, sources: [...sources] });
	if (Atomics.wait(control, READY, 0, STARTUP_TIMEOUT_MS) === 'timed-out' && Atomics.load(control, READY) !== 1) {
		void worker.terminate();
		throw new Error('The regex sandbox worker did not start');
	}
	thread = { worker, control, units, sequence: 0 };
	return thread;
}
