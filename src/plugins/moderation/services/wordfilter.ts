import { ServiceProvider } from '#core/plugins/ServiceProvider';
import { loadState, peekState, type FilterState } from '../lib/filter/service';
import { exemptionOf } from '../lib/filter/settings';

/** Where a text hit the guild's word filter. */
export interface WordFilterMatch {
	readonly ruleId: number;
	readonly kind: string;
	/** The span of the text that matched (UTF-16 indexes). */
	readonly start: number;
	readonly end: number;
}

/**
 * The guild's word filter for text that is not a member's message, as `container.services.get('wordfilter')`: ai_chat
 * runs Tika's own answers through it before showing them, so the model cannot say what members may not. The rules
 * are the ones /wordfilter manages, with the same evasion handling; channel exemptions apply (pass the channel and
 * its parents), member exemptions do not (there is no member). Whether moderation is enabled in the guild is the
 * caller's check.
 */
export interface WordFilterService {
	/** The first rule `text` hits, or null. Synchronous once the guild's rules are cached (the common case). */
	readonly check: (guildId: string, text: string, channelIds?: readonly string[]) => WordFilterMatch | null | Promise<WordFilterMatch | null>;
}

declare module '#core/plugins/services' {
	interface PluginServices {
		wordfilter: WordFilterService;
	}
}

function check(guildId: string, text: string, channelIds: readonly string[] = []): WordFilterMatch | null | Promise<WordFilterMatch | null> {
	if (!text) return null;
	const state = peekState(guildId);
	return state ? match(state, text, channelIds) : loadState(guildId).then((loaded) => match(loaded, text, channelIds));
}

function match(state: FilterState, text: string, channelIds: readonly string[]): WordFilterMatch | null {
	if (state.filter.size === 0) return null;
	if (channelIds.length) {
		const [channelId, ...parentIds] = channelIds;
		if (exemptionOf(state.settings, { channelId: channelId!, parentIds, roleIds: [], isModerator: false })) return null;
	}
	// A regex rule over its time budget counts as no hit, as for members' messages (the handler logs those).
	const hit = state.filter.match(text, () => undefined);
	return hit ? { ruleId: hit.rule.id, kind: hit.rule.match, start: hit.originalStart, end: hit.originalEnd } : null;
}

export class WordFilterServiceProvider extends ServiceProvider<'wordfilter'> {
	public readonly service: WordFilterService = Object.freeze({ check });
}
