import { ApplyOptions } from '@sapphire/decorators';
import { Command, CommandOptionsRunTypeEnum } from '@sapphire/framework';
import { AttachmentBuilder, InteractionContextType, time, TimestampStyles, type Guild } from 'discord.js';
import { tikaEmbed } from '#shared/ui/embeds';
import { activityCounter, summarize, type ActivityBucket } from '../lib/activity';
import { loadActivity, prismaSink } from '../lib/activityStore';
import { renderActivityChart } from '../lib/chart';
import { channelsByType, formatBoosts, formatMembers, memberBreakdown, type MemberBreakdown } from '../lib/serverStats';

/** Servers up to this size have their members fetched for an exact humans/bots split; larger ones use the cache. */
const FETCH_MEMBERS_UP_TO = 1_000;
const CHART_FILE = 'activity.png';

/**
 * `/serverstats`: members (humans and bots), channels by type, roles, boosts, creation date, and Tika's own activity
 * counters (messages per day and the busiest channels over 14 or 30 days) drawn as a chart.
 */
@ApplyOptions<Command.Options>({
	description: 'Server statistics: members, channels, roles, boosts and message activity.',
	runIn: [CommandOptionsRunTypeEnum.GuildAny],
	requiredClientPermissions: ['AttachFiles', 'EmbedLinks']
})
export class ServerStatsCommand extends Command {
	public override registerApplicationCommands(registry: Command.Registry) {
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.setContexts(InteractionContextType.Guild)
				.addIntegerOption((option) =>
					option
						.setName('days')
						.setDescription('Activity window (default 14)')
						.addChoices({ name: '14 days', value: 14 }, { name: '30 days', value: 30 })
				)
		);
	}

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		const guild = interaction.guild!;
		const days = interaction.options.getInteger('days') === 30 ? 30 : 14;
		await interaction.deferReply();
		const now = Date.now();
		const [members, rows] = await Promise.all([this.members(guild), this.activity(guild.id, days, now)]);
		const summary = summarize(rows, days, now);

		const channelNames = new Map<string, string>();
		for (const { channelId } of summary.topChannels) {
			const channel = guild.channels.cache.get(channelId);
			if (channel) channelNames.set(channelId, `#${channel.name}`);
		}
		const chart = await renderActivityChart({ title: `${guild.name}: messages per day`, summary, channelNames });

		const channels = channelsByType(guild.channels.cache.filter((channel) => !channel.isThread()).map((channel) => channel.type));
		const created = guild.createdAt;
		const busiest = summary.perDay.reduce((best, day) => (day.messages > best.messages ? day : best), summary.perDay[0]!);
		const top = summary.topChannels.map((entry, index) => `${index + 1}. <#${entry.channelId}> · ${entry.messages.toLocaleString('en-US')}`);
		const embed = tikaEmbed('info')
			.setTitle(`📊 ${guild.name}`)
			.setThumbnail(guild.iconURL())
			.addFields(
				{ name: 'Members', value: formatMembers(members), inline: true },
				{
					name: `Channels (${channels.total})`,
					value: channels.counts.map(([kind, count]) => `${kind}: ${count}`).join('\n') || 'None',
					inline: true
				},
				{ name: 'Roles', value: `**${guild.roles.cache.filter((role) => role.id !== guild.id).size}**`, inline: true },
				{ name: 'Boosts', value: formatBoosts(guild.premiumSubscriptionCount ?? 0, guild.premiumTier), inline: true },
				{
					name: 'Created',
					value: `${time(created, TimestampStyles.LongDate)}\n${time(created, TimestampStyles.RelativeTime)}`,
					inline: true
				},
				{
					name: `Activity (${days} days)`,
					value:
						summary.total > 0
							? `**${summary.total.toLocaleString('en-US')}** messages\nBusiest day: ${busiest.day} (${busiest.messages.toLocaleString('en-US')})`
							: 'No messages counted yet.',
					inline: true
				},
				{ name: 'Top channels', value: top.join('\n') || 'None yet.' }
			)
			.setImage(`attachment://${CHART_FILE}`)
			.setFooter({ text: 'Activity counts messages from people (not bots) since Tika joined; days are UTC.' });
		await interaction.editReply({ embeds: [embed], files: [new AttachmentBuilder(chart, { name: CHART_FILE })] });
	}

	/** Exact split for small servers (one member fetch over the gateway); the cache, labelled as such, for big ones. */
	private async members(guild: Guild): Promise<MemberBreakdown> {
		if (guild.memberCount <= FETCH_MEMBERS_UP_TO) {
			try {
				const fetched = await guild.members.fetch({ time: 10_000 });
				return memberBreakdown(
					guild.memberCount,
					fetched.map((member) => member.user),
					fetched.size >= guild.memberCount
				);
			} catch (error) {
				this.container.logger.warn(`[server_tools] member fetch for guild ${guild.id} failed; using the cache:`, error);
			}
		}
		return memberBreakdown(
			guild.memberCount,
			guild.members.cache.map((member) => member.user),
			guild.members.cache.size >= guild.memberCount
		);
	}

	/** Stored rows plus what is still in memory: written first, so the chart includes messages of the last minute. */
	private async activity(guildId: string, days: number, now: number): Promise<ActivityBucket[]> {
		try {
			await activityCounter.flush(prismaSink(this.container.prisma));
			return await loadActivity(this.container.prisma, guildId, days, now);
		} catch (error) {
			this.container.logger.warn('[server_tools] could not write activity counts before /serverstats:', error);
			const stored = await loadActivity(this.container.prisma, guildId, days, now);
			return [...stored, ...activityCounter.pendingFor(guildId)];
		}
	}
}
