/**
 * The compiled build the process benches measure: `npm run build` (tsc to dist/), as `npm start` runs it.
 *
 * Workers spawned with `compiled: true` (bench/lib/worker.ts) still run under tsx, for the bench's own TypeScript (the
 * worker, its plugins), but with bench/tsconfig.compiled.json, which has no `paths`: `#core/…`, `#shared/…` and
 * `#plugins/…` then resolve through package.json's `imports`, to dist/. So Tika's code is tsc's output, not tsx's
 * transform of src/, which keeps function names by wrapping every function a hot path creates in a
 * `Object.defineProperty` call that the shipped bot never makes.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/** The tsconfig a compiled-mode worker runs with. */
export const COMPILED_TSCONFIG = resolve(__dirname, '../tsconfig.compiled.json');

let built = false;

/** Builds dist/ once per bench process; BENCH_SKIP_BUILD=1 trusts the dist/ already there (bench/all.ts builds it once). */
export function buildTika(): void {
	if (built || process.env.BENCH_SKIP_BUILD === '1') return;
	console.log('Building Tika (npm run build)…');
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
	built = true;
}
