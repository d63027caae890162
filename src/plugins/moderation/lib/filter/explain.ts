import { code } from '#shared/ui/format';
import type { CompiledFilter, FilterHit } from './compile';

/** Most hits listed by `/wordfilter test`. */
export const MAX_EXPLAINED_HITS = 10;

/** The lines of `/wordfilter test`: the normalised text, then each rule that matched, why and where. */
export function explainText(filter: CompiledFilter, raw: string): { hits: FilterHit[]; lines: string[] } {
	const { normalized, hits, timedOut } = filter.explain(raw);
	const lines = [`**Normalised text**: ${code(normalized.text)}`];
	if (hits.length === 0) lines.push('', 'No rule matches: this message would stay.');
	else {
		lines.push('', `**${hits.length} rule${hits.length === 1 ? '' : 's'} match** (the first one decides):`);
		for (const hit of hits.slice(0, MAX_EXPLAINED_HITS)) {
			const original = raw.slice(hit.originalStart, hit.originalEnd);
			const where = hit.in === 'raw' ? 'in the raw text' : `normalised ${code(normalized.text.slice(hit.start, hit.end), 100)}`;
			lines.push(
				`• #${hit.rule.id} **${hit.rule.match}** ${code(hit.rule.pattern, 100)} matched ${code(original, 100)} at characters ${hit.originalStart + 1}–${hit.originalEnd} (${where})`
			);
		}
		if (hits.length > MAX_EXPLAINED_HITS) lines.push(`…and ${hits.length - MAX_EXPLAINED_HITS} more.`);
	}
	if (timedOut) lines.push('', '⚠️ The regex rules ran out of their time budget on this text: they were skipped.');
	return { hits, lines };
}
