// Preloaded into a Tika process by tests/e2e/v8-flags-process.test.ts: wraps the JavaScript APIs that make ICU load
// locale data (number, date and list formatters, collation, segmenters, display names) and prints
// `ICU-FORMATTER <api> <caller>` on stdout at each first use from a given caller. The first number formatter alone
// makes ICU map ≈ 4.6 MB of node's binary into the process (docs/architecture.md, "Where Tika's memory goes").
const reported = new Set();
function report(api) {
	const caller = (new Error().stack ?? '').split('\n')[3]?.trim() ?? '?';
	if (reported.has(api + caller)) return;
	reported.add(api + caller);
	process.stdout.write(`ICU-FORMATTER ${api} ${caller}\n`);
}
function wrap(owner, key, api) {
	const original = owner[key];
	if (typeof original !== 'function') return;
	const wrapped = function (...args) {
		report(api);
		return new.target ? Reflect.construct(original, args, new.target) : Reflect.apply(original, this, args);
	};
	if (original.prototype) wrapped.prototype = original.prototype;
	Object.defineProperty(owner, key, { value: wrapped, writable: true, configurable: true });
}
for (const key of ['NumberFormat', 'DateTimeFormat', 'Collator', 'PluralRules', 'RelativeTimeFormat', 'ListFormat', 'DisplayNames', 'Segmenter'])
	wrap(Intl, key, `Intl.${key}`);
wrap(Number.prototype, 'toLocaleString', 'Number#toLocaleString');
wrap(BigInt.prototype, 'toLocaleString', 'BigInt#toLocaleString');
wrap(Array.prototype, 'toLocaleString', 'Array#toLocaleString');
for (const key of ['toLocaleString', 'toLocaleDateString', 'toLocaleTimeString']) wrap(Date.prototype, key, `Date#${key}`);
wrap(String.prototype, 'localeCompare', 'String#localeCompare');
