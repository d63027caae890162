import { userMention } from '@discordjs/formatters';
import { formatNumber } from '#shared/images/layout';
import { tikaEmbed, type TikaEmbed } from '#shared/ui/embeds';
import { ACTIONS, type ActionName } from './actions';
import { totalsByAction, topPartners, type PairCount } from './phrasing';

export interface SocialStats {
	given: PairCount[];
	received: PairCount[];
	reputation: number;
	optedOut: boolean;
}

/** `/social stats`: reputation, given and received per action, and the members exchanged with most. */
export function statsEmbed(name: string, userId: string, stats: SocialStats): TikaEmbed {
	const lines = (totals: [ActionName, number][]) =>
		totals.length
			? totals.map(([action, count]) => `${ACTIONS[action].emoji} ${ACTIONS[action].plural}: **${formatNumber(count)}**`).join('\n')
			: 'Nothing yet.';
	const partners = topPartners(userId, stats.given, stats.received);
	const description = [
		`Reputation: **${formatNumber(stats.reputation)}**`,
		stats.optedOut ? 'Opted out of social actions: nobody can target them.' : null
	].filter(Boolean);
	return tikaEmbed('brand')
		.setTitle(`Social stats of ${name}`)
		.setDescription(description.join('\n'))
		.addFields(
			{ name: 'Given', value: lines(totalsByAction(stats.given)), inline: true },
			{ name: 'Received', value: lines(totalsByAction(stats.received)), inline: true },
			{
				name: 'Top partners',
				value: partners.length
					? partners
							.map(
								(p, index) =>
									`${index + 1}. ${userMention(p.userId)}: **${formatNumber(p.total)}** (gave ${formatNumber(p.given)}, got ${formatNumber(p.received)})`
							)
							.join('\n')
					: 'Nobody yet.'
			}
		);
}
