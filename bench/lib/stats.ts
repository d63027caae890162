/** Small helpers shared by the benchmarks: order statistics and a consistent report format. */
export function median(values: readonly number[]): number {
	return percentile(values, 50);
}

export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[rank]!;
}

export function ratioLine(label: string, subject: number, baseline: number, unit: string, target: string): string {
	const ratio = subject / baseline;
	return `${label}: ${subject.toFixed(1)} ${unit} vs baseline ${baseline.toFixed(1)} ${unit} → ratio ${ratio.toFixed(2)}× (target ${target})`;
}

/**
 * One figure of a bench, machine-readable: printed as a `RESULT {json}` line next to the human lines, collected by
 * `npm run bench` (bench/all.ts) into one table. `ratio` is figure / baseline when both exist; `met` is null when the
 * figure has no target (informational).
 */
export interface BenchResult {
	bench: string;
	/** What was measured, e.g. "start-up" or "retained memory". */
	metric: string;
	figure: number;
	unit: string;
	baseline?: number;
	/** What the baseline is, e.g. "bare SapphireClient". */
	baselineName?: string;
	ratio?: number;
	/** e.g. "≤ 1.5×" or "≤ 8 MB"; empty when informational. */
	target: string;
	met: boolean | null;
	/** Spread or context, e.g. "0.58–0.73× over 5 runs". */
	note?: string;
}

/** Per-run ratios (run i of the subject against run i of the baseline, which ran next to it): "1.42–1.71× over 5 runs". */
export function ratioSpread(subjects: readonly number[], baselines: readonly number[]): string {
	const ratios = subjects.map((value, index) => value / baselines[index]!);
	return `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}× over ${ratios.length} runs`;
}

export function printResult(result: BenchResult): void {
	const ratio = result.ratio ?? (result.baseline ? result.figure / result.baseline : undefined);
	console.log(`RESULT ${JSON.stringify({ ...result, ...(ratio === undefined ? {} : { ratio }) })}`);
}
