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
