import type { FoundLink } from './extract';
import type { MirrorHealth } from './health';
import { siteEnabled, type LinkFixSettings } from './settings';
import { rewrite, type LinkFixSite } from './sites';

export type MirrorLists = Readonly<Record<LinkFixSite, readonly string[]>>;

export interface FixPlan {
	/** The fixed links, in the order they were written. */
	readonly fixed: readonly { readonly link: FoundLink; readonly url: string }[];
	/** The reply's text: one fixed link a line, spoilers kept. Empty when nothing is fixed. */
	readonly content: string;
}

export interface PlanOptions {
	settings: LinkFixSettings;
	mirrors: MirrorLists;
	health: MirrorHealth;
	/** Post keys Discord already embedded, left alone when the guild fixes only missing embeds. */
	embedded?: ReadonlySet<string>;
}

/** Which of a message's links to fix and how: site switched on, a mirror configured, not already embedded. */
export function planFix(links: readonly FoundLink[], options: PlanOptions): FixPlan {
	const fixed: { link: FoundLink; url: string }[] = [];
	for (const link of links) {
		if (!siteEnabled(options.settings, link.site) || options.embedded?.has(link.key)) continue;
		const mirror = options.health.pick(options.mirrors[link.site]);
		if (!mirror) continue;
		fixed.push({ link, url: rewrite(link, mirror, { translateTo: options.settings.translateTo }) });
	}
	return { fixed, content: fixed.map(({ link, url }) => (link.spoiler ? `||${url}||` : url)).join('\n') };
}
