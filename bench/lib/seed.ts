/**
 * What the message benches store in a guild before a run: the word filter's 200 rules of mixed kinds and message
 * automation's 250 auto-reply triggers, none of which ordinary chat (bench/lib/chat.ts) ever matches. Shared by
 * bench/wordfilter, bench/automation and bench/router (every plugin configured at once).
 */
import type { PrismaClient } from '#core/database/index';
import { buildDraft } from '../../src/plugins/message_automation/lib/autoreply/draft';
import type { MatchKind } from '../../src/plugins/message_automation/lib/autoreply/kinds';
import { fakeWord } from './chat';

/** 200 rules: 80 word, 50 contains, 50 wildcard and 20 regex (or, without regexes, 20 more word rules). */
export function filterRules(withRegex: boolean): { pattern: string; match: string }[] {
	const out: { pattern: string; match: string }[] = [];
	for (let i = 0; i < 200; i++) {
		const word = fakeWord(i);
		if (i < 80) out.push({ pattern: word, match: 'word' });
		else if (i < 130) out.push({ pattern: word, match: 'contains' });
		else if (i < 180)
			out.push({ pattern: i % 2 ? `${word.slice(0, 3)}*${word.slice(-3)}` : `*${word.slice(1, 5)}?${word.slice(-2)}`, match: 'wildcard' });
		else if (withRegex) out.push({ pattern: `${word.slice(0, 4)}\\w{2,5}${word.slice(-2)}`, match: 'regex' });
		else out.push({ pattern: `${word}y`, match: 'word' });
	}
	return out;
}

export async function seedFilterRules(prisma: PrismaClient, guildId: string, createdBy: string, withRegex = true): Promise<void> {
	await prisma.wordFilterRule.createMany({ data: filterRules(withRegex).map((rule) => ({ ...rule, guildId, createdBy })) });
}

/** 250 triggers of every kind: 40 exact, 40 starts_with, 60 word, 50 contains, 40 wildcard, 20 regex. */
export function autoReplyTriggers(): { trigger: string; match: MatchKind }[] {
	const out: { trigger: string; match: MatchKind }[] = [];
	const kinds: [MatchKind, number][] = [
		['exact', 40],
		['starts_with', 40],
		['word', 60],
		['contains', 50],
		['wildcard', 40],
		['regex', 20]
	];
	let seed = 0;
	for (const [match, count] of kinds) {
		for (let i = 0; i < count; i++, seed++) {
			const word = fakeWord(seed, 'q');
			const trigger =
				match === 'wildcard'
					? `${word.slice(0, 3)}*${word.slice(-3)}`
					: match === 'regex'
						? `${word.slice(0, 4)}\\w{2,5}${word.slice(-2)}`
						: match === 'starts_with' || match === 'exact'
							? `${word} ${fakeWord(seed + 1000, 'q')}`
							: word;
			out.push({ trigger, match });
		}
	}
	return out;
}

/** The 250 triggers, validated and normalised by the plugin's own draft builder as /autoreply add would, stored. */
export async function seedAutoReplies(prisma: PrismaClient, guildId: string, createdBy: string): Promise<void> {
	const lookup = { channel: () => true, role: () => true };
	const data = autoReplyTriggers().map(({ trigger, match }) => {
		const built = buildDraft({ trigger, match, response: `You said ${trigger.slice(0, 20)}, {user}` }, null, lookup);
		if (!built.ok) throw new Error(`bench trigger ${match} ${trigger} refused: ${built.reason}`);
		const { draft } = built;
		return {
			guildId,
			trigger: draft.trigger,
			normalized: draft.normalized,
			match: draft.match,
			responses: draft.responses as unknown as object,
			mode: draft.mode,
			deleteTrigger: draft.deleteTrigger,
			chance: draft.chance,
			cooldownSeconds: draft.cooldownSeconds,
			cooldownScope: draft.cooldownScope,
			scope: draft.scope as unknown as object,
			createdBy
		};
	});
	await prisma.autoReplyTrigger.createMany({ data });
}
