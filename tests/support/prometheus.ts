/**
 * A strict parser of Prometheus' text exposition format (version 0.0.4), for tests that scrape /metrics. Anything a
 * Prometheus server would reject (a sample of an undeclared family, a bad label, a value that is not a float, a
 * histogram whose buckets go down or whose +Inf bucket disagrees with its count) throws, naming the line.
 */

export interface MetricSample {
	name: string;
	labels: Record<string, string>;
	value: number;
}

export interface MetricFamily {
	name: string;
	help: string;
	type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
	samples: MetricSample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})?\\s+(\\S+)(?:\\s+(-?\\d+))?$`);

function parseValue(text: string, line: string): number {
	// As Prometheus reads values (Go's strconv.ParseFloat): NaN and Inf in any case (prom-client writes "Nan").
	if (/^[+]?inf(inity)?$/i.test(text)) return Number.POSITIVE_INFINITY;
	if (/^-inf(inity)?$/i.test(text)) return Number.NEGATIVE_INFINITY;
	if (/^nan$/i.test(text)) return Number.NaN;
	if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`not a float: ${text} in "${line}"`);
	return Number(text);
}

function parseLabels(text: string, line: string): Record<string, string> {
	const labels: Record<string, string> = {};
	let rest = text;
	while (rest.length > 0) {
		const match = /^([^=,\s]+)="((?:[^"\\\n]|\\[\\"n])*)"\s*(,\s*)?/.exec(rest);
		if (!match) throw new Error(`bad labels "${text}" in "${line}"`);
		const [whole, name, raw] = match as unknown as [string, string, string];
		if (!LABEL_NAME.test(name)) throw new Error(`bad label name ${name} in "${line}"`);
		if (name in labels) throw new Error(`label ${name} twice in "${line}"`);
		labels[name] = raw.replace(/\\(["\\n])/g, (_m, ch: string) => (ch === 'n' ? '\n' : ch));
		rest = rest.slice(whole.length);
		if (rest.length > 0 && !match[3]) throw new Error(`missing comma in labels of "${line}"`);
	}
	return labels;
}

/** The family a sample line belongs to: its own name, or for histograms/summaries the name without its suffix. */
function familyOf(name: string, families: Map<string, MetricFamily>): MetricFamily | undefined {
	const own = families.get(name);
	if (own) return own;
	for (const suffix of ['_bucket', '_sum', '_count']) {
		if (!name.endsWith(suffix)) continue;
		const family = families.get(name.slice(0, -suffix.length));
		if (family && (family.type === 'histogram' || (family.type === 'summary' && suffix !== '_bucket'))) return family;
	}
	return undefined;
}

export function parsePrometheusText(text: string): Map<string, MetricFamily> {
	const families = new Map<string, MetricFamily>();
	const seen = new Set<string>();
	for (const line of text.split('\n')) {
		if (line.trim() === '') continue;
		if (line.startsWith('#')) {
			const meta = new RegExp(`^# (HELP|TYPE) (${NAME}) ?(.*)$`).exec(line);
			if (!meta) continue; // a plain comment
			const [, kind, name, rest] = meta as unknown as [string, string, string, string];
			const family = families.get(name) ?? { name, help: '', type: 'untyped' as const, samples: [] };
			if (kind === 'HELP') family.help = rest;
			else {
				if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest)) throw new Error(`bad type in "${line}"`);
				if (family.samples.length > 0) throw new Error(`TYPE after samples in "${line}"`);
				family.type = rest as MetricFamily['type'];
			}
			families.set(name, family);
			continue;
		}
		const match = SAMPLE.exec(line);
		if (!match) throw new Error(`not a sample line: "${line}"`);
		const [, name, labelText, valueText] = match as unknown as [string, string, string | undefined, string];
		const family = familyOf(name, families);
		if (!family) throw new Error(`sample of an undeclared family: "${line}"`);
		const labels = labelText ? parseLabels(labelText, line) : {};
		const identity = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
		if (seen.has(identity)) throw new Error(`duplicate sample: "${line}"`);
		seen.add(identity);
		family.samples.push({ name, labels, value: parseValue(valueText, line) });
	}
	for (const family of families.values()) if (family.type === 'histogram') checkHistogram(family);
	return families;
}

function checkHistogram(family: MetricFamily): void {
	const series = new Map<string, { buckets: [number, number][]; count?: number }>();
	for (const sample of family.samples) {
		const { le, ...rest } = sample.labels;
		const key = JSON.stringify(Object.entries(rest).sort());
		const entry = series.get(key) ?? { buckets: [] };
		if (sample.name === `${family.name}_bucket`) {
			if (le === undefined) throw new Error(`${family.name}: bucket without le`);
			entry.buckets.push([parseValue(le, le), sample.value]);
		} else if (sample.name === `${family.name}_count`) entry.count = sample.value;
		series.set(key, entry);
	}
	for (const [key, { buckets, count }] of series) {
		const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
		sorted.forEach(([, value], index) => {
			if (index > 0 && value < sorted[index - 1]![1]) throw new Error(`${family.name}${key}: buckets go down`);
		});
		const last = sorted.at(-1);
		if (!last || last[0] !== Number.POSITIVE_INFINITY) throw new Error(`${family.name}${key}: no +Inf bucket`);
		if (count !== last[1]) throw new Error(`${family.name}${key}: +Inf bucket ${last[1]} but count ${count}`);
	}
}

/** The value of the one sample of `name` whose labels include `labels`; undefined when there is none. */
export function sampleValue(families: Map<string, MetricFamily>, name: string, labels: Record<string, string> = {}): number | undefined {
	const family = familyOf(name, families);
	const found = family?.samples.filter(
		(sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value)
	);
	if (found && found.length > 1) throw new Error(`${name} ${JSON.stringify(labels)} matches ${found.length} samples`);
	return found?.[0]?.value;
}
