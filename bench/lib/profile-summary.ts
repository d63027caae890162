/**
 * Summarises a .cpuprofile (from BENCH_PROFILE_DIR): self time by function and by area (a Tika plugin, Tika's core,
 * discord.js, Prisma, node internals…), and total (inclusive) time by Tika function, so a per-handler cost can be read
 * without DevTools.
 *
 * Usage: tsx bench/lib/profile-summary.ts <file.cpuprofile> [--top 30]
 */
import { readFileSync } from 'node:fs';

interface Node {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}
interface Profile {
	nodes: Node[];
	samples: number[];
	timeDeltas: number[];
	startTime: number;
	endTime: number;
}

const file = process.argv[2];
if (!file || file === '--help') {
	console.log('Usage: tsx bench/lib/profile-summary.ts <file.cpuprofile> [--top 30]');
	process.exit(file ? 0 : 1);
}
const topIndex = process.argv.indexOf('--top');
const TOP = topIndex > 0 ? Number(process.argv[topIndex + 1]) : 30;
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

/** The part of the program a script belongs to. */
function area(url: string): string {
	if (!url) return '(native / idle / gc)';
	const plugin = /\/src\/plugins\/([^/]+)\//.exec(url) ?? /\/dist\/plugins\/([^/]+)\//.exec(url);
	if (plugin) return `plugin ${plugin[1]}`;
	if (/\/(src|dist)\/core\//.test(url)) return 'tika core';
	if (/\/(src|dist)\/shared\//.test(url)) return 'tika shared';
	const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
	if (pkg) return pkg[1]!;
	if (url.startsWith('node:')) return 'node';
	return url.replace(/^file:\/\//, '');
}

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const self = new Map<number, number>();
let total = 0;
profile.samples.forEach((id, index) => {
	const delta = profile.timeDeltas[index] ?? 0;
	self.set(id, (self.get(id) ?? 0) + delta);
	total += delta;
});

const label = (node: Node) => {
	const { functionName, url, lineNumber } = node.callFrame;
	const where = url ? `${url.replace(/^.*\/(src|dist|node_modules)\//, '$1/')}:${lineNumber + 1}` : '';
	return `${functionName || '(anonymous)'} ${where}`.trim();
};

const selfByLabel = new Map<string, number>();
const selfByArea = new Map<string, number>();
const inclusiveByLabel = new Map<string, number>();
for (const [id, time] of self) {
	const node = byId.get(id)!;
	selfByLabel.set(label(node), (selfByLabel.get(label(node)) ?? 0) + time);
	selfByArea.set(area(node.callFrame.url), (selfByArea.get(area(node.callFrame.url)) ?? 0) + time);
	// Inclusive time for Tika's own functions: every distinct Tika frame on the stack, once per sample.
	const seen = new Set<string>();
	for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
		const frame = byId.get(at)!;
		if (!/\/(src|dist)\/(core|shared|plugins)\//.test(frame.callFrame.url)) continue;
		const name = label(frame);
		if (seen.has(name)) continue;
		seen.add(name);
		inclusiveByLabel.set(name, (inclusiveByLabel.get(name) ?? 0) + time);
	}
}

const print = (title: string, entries: Map<string, number>) => {
	console.log(`\n${title}`);
	for (const [name, time] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, TOP))
		console.log(`${((100 * time) / total).toFixed(1).padStart(5)}%  ${(time / 1000).toFixed(0).padStart(6)} ms  ${name}`);
};
console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled`);
print('self time by area', selfByArea);
print('self time by function', selfByLabel);
print("inclusive time by Tika's functions", inclusiveByLabel);
