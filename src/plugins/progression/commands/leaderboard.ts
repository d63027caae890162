import { ApplyOptions } from '@sapphire/decorators';
import { Command, CommandOptionsRunTypeEnum } from '@sapphire/framework';
import { AttachmentBuilder, ButtonBuilder, ButtonStyle, ActionRowBuilder, InteractionContextType, type Guild } from 'discord.js';
import { SmartEmbed } from '#shared/ui/embeds';
import { getLeaderboardPage, getRankSnapshot, LEADERBOARD_PAGE_SIZE, type LeaderboardEntry } from '../lib/api';
import { replyWhenReady } from '#shared/images/reply';
import { LEADERBOARD_AVATAR_SIZE, LEADERBOARD_FILE, LEADERBOARD_MAX_ROWS, renderLeaderboardCard } from '../lib/card/leaderboard';

export const LEADERBOARD_BUTTON_PREFIX = 'lvl:lb';

/** `/leaderboard [page] [image]`: the server's XP ranking, 10 a page, with the caller's own position always shown. */
@ApplyOptions<Command.Options>({
	description: "Show the server's XP leaderboard.",
	runIn: [CommandOptionsRunTypeEnum.GuildAny]
})
export class LeaderboardCommand extends Command {
	public override registerApplicationCommands(registry: Command.Registry) {
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.setContexts(InteractionContextType.Guild)
				.addIntegerOption((option) => option.setName('page').setDescription('Page to open (from 1)').setMinValue(1).setMaxValue(100_000))
				.addBooleanOption((option) => option.setName('image').setDescription('Show the top 10 as an image'))
		);
	}

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		const guild = interaction.guild!;
		// Sent as the first answer when drawn in time (one REST call; a board takes tens of ms), deferred otherwise.
		if (interaction.options.getBoolean('image'))
			return replyWhenReady(
				interaction,
				leaderboardImage(guild).then((image) => ({ files: [new AttachmentBuilder(image, { name: LEADERBOARD_FILE })] }))
			);
		const page = (interaction.options.getInteger('page') ?? 1) - 1;
		return interaction.reply(await leaderboardMessage(guild, interaction.user.id, page));
	}
}

/** The top 10 as an image: names and avatars of the members still here, "Former member" for those who left. */
async function leaderboardImage(guild: Guild): Promise<Buffer> {
	const { entries } = await getLeaderboardPage(guild.id, 0, LEADERBOARD_MAX_ROWS);
	const rows = await Promise.all(
		entries.map(async (entry) => {
			const member = await guild.members.fetch(entry.userId).catch(() => null);
			return {
				...entry,
				displayName: member?.displayName ?? `Former member ${entry.userId.slice(-4)}`,
				avatarUrl: member?.displayAvatarURL({ extension: 'png', size: LEADERBOARD_AVATAR_SIZE }) ?? null
			};
		})
	);
	return renderLeaderboardCard(rows, { guildName: guild.name });
}

/** The page as a message: embed, the caller's position in the footer, and Previous / Next buttons (custom id carries the page). */
export async function leaderboardMessage(guild: Guild, viewerId: string, requestedPage: number) {
	const first = await getLeaderboardPage(guild.id, requestedPage);
	const pages = Math.max(1, Math.ceil(first.total / LEADERBOARD_PAGE_SIZE));
	const page = Math.min(Math.max(0, requestedPage), pages - 1);
	const { entries, total } = page === requestedPage ? first : await getLeaderboardPage(guild.id, page);
	const me = await getRankSnapshot(guild.id, viewerId);
	const embed = SmartEmbed.info(
		`Leaderboard — ${guild.name}`,
		entries.length ? entries.map(line).join('\n') : 'Nobody has XP yet. Start chatting!'
	);
	embed.setFooter({
		text: `Page ${page + 1}/${pages} · ${total} members · ${me.rank ? `You are #${me.rank} with ${me.xp.toLocaleString('en')} XP (level ${me.level})` : 'You have no XP yet'}`
	});
	const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
		new ButtonBuilder()
			.setCustomId(`${LEADERBOARD_BUTTON_PREFIX}:${viewerId}:${page - 1}`)
			.setLabel('Previous')
			.setStyle(ButtonStyle.Secondary)
			.setDisabled(page === 0),
		new ButtonBuilder()
			.setCustomId(`${LEADERBOARD_BUTTON_PREFIX}:${viewerId}:${page + 1}`)
			.setLabel('Next')
			.setStyle(ButtonStyle.Secondary)
			.setDisabled(page >= pages - 1)
	);
	return { embeds: [embed], components: [row], allowedMentions: { parse: [] as never[] } };
}

function line(entry: LeaderboardEntry): string {
	return `**#${entry.rank}** <@${entry.userId}> — level ${entry.level} · ${entry.xp.toLocaleString('en')} XP`;
}
