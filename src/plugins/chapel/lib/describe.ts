import type { Board } from './boards';
import { displayEmoji } from './emoji';
import { keepOf, type NsfwMode } from './rules';

const NSFW_LABEL: Record<NsfwMode, string> = {
	age_restricted_only: 'only if this chapel is age-restricted',
	never: 'never'
};

const channels = (ids: readonly string[]) => (ids.length ? ids.map((id) => `<#${id}>`).join(', ') : 'none');

/** A chapel's settings, one per line, as /chapel config and /chapel list show them. */
export function describeBoard(board: Board): string {
	const keep = keepOf(board);
	return [
		`**Emojis:** ${board.emojis.map(displayEmoji).join(' ')}`,
		`**Threshold:** ${board.threshold}`,
		`**Keep threshold:** ${keep === 0 ? 'none (posts stay)' : `${keep} (below it the post is ${board.belowKeep === 'freeze' ? 'frozen' : 'removed'})`}`,
		`**Self-votes:** ${board.selfVote ? 'count' : 'do not count'}`,
		`**Bot messages:** ${board.botMessages ? 'allowed' : 'not taken'}`,
		`**Maximum message age:** ${board.maxAgeDays === null ? 'any' : `${board.maxAgeDays} day${board.maxAgeDays === 1 ? '' : 's'}`}`,
		`**NSFW messages:** ${NSFW_LABEL[board.nsfw]}`,
		`**Ignored channels:** ${channels(board.ignoredChannels)}`,
		`**Autostar channels:** ${channels(board.autostarChannels)}`
	].join('\n');
}
