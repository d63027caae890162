import { ApplyOptions } from '@sapphire/decorators';
import { CommandOptionsRunTypeEnum } from '@sapphire/framework';
import { Subcommand } from '@sapphire/plugin-subcommands';
import { ChannelType, InteractionContextType, MessageFlags, PermissionFlagsBits, time, TimestampStyles, type TextChannel } from 'discord.js';
import { SmartEmbed, tikaEmbed } from '#shared/ui/embeds';
import { paginate } from '#shared/ui/paginator';
import { MAX_REASON_LENGTH } from '../lib/cases';
import { detainMember, detentionHistory, listActiveDetentions, releaseMember, type DmOutcome } from '../lib/detention';
import { formatDuration, parseDuration } from '../lib/duration';
import { refuse } from '#shared/ui/refuse';
import { setupDetention } from '../lib/setup';

type Interaction = Subcommand.ChatInputCommandInteraction<'cached'>;

const PER_PAGE = 10;

/**
 * `/detention setup|put|release|list|history`: the role-based jail. Manage Roles is required from the moderator
 * (hidden from others by default, enforced here; setup also needs Manage Channels) and from Tika. The rules live in
 * lib/detention.ts and lib/hierarchy.ts; this class parses and renders.
 */
@ApplyOptions<Subcommand.Options>({
	description: 'Detention: a jail role that hides every channel but one.',
	requiredUserPermissions: [PermissionFlagsBits.ManageRoles],
	requiredClientPermissions: [PermissionFlagsBits.ManageRoles],
	runIn: [CommandOptionsRunTypeEnum.GuildAny],
	subcommands: [
		{ name: 'setup', chatInputRun: 'chatInputSetup' },
		{ name: 'put', chatInputRun: 'chatInputPut' },
		{ name: 'release', chatInputRun: 'chatInputRelease' },
		{ name: 'list', chatInputRun: 'chatInputList' },
		{ name: 'history', chatInputRun: 'chatInputHistory' }
	]
})
export class DetentionCommand extends Subcommand {
	public override registerApplicationCommands(registry: Subcommand.Registry) {
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.setDefaultMemberPermissions(PermissionFlagsBits.ManageRoles)
				.setContexts(InteractionContextType.Guild)
				.addSubcommand((sub) =>
					sub
						.setName('setup')
						.setDescription('Create (or adopt) the detention role and channel')
						.addRoleOption((option) => option.setName('role').setDescription('Use this role instead of creating "Detained"'))
						.addChannelOption((option) =>
							option
								.setName('channel')
								.setDescription('Use this channel instead of creating #detention')
								.addChannelTypes(ChannelType.GuildText)
						)
				)
				.addSubcommand((sub) =>
					sub
						.setName('put')
						.setDescription('Put a member in detention')
						.addUserOption((option) => option.setName('member').setDescription('Who to detain').setRequired(true))
						.addStringOption((option) =>
							option.setName('duration').setDescription('How long, e.g. 10m, 2h, 1d, 1w (empty: until released)').setMaxLength(40)
						)
						.addStringOption((option) =>
							option.setName('reason').setDescription('Why (kept in the case log)').setMaxLength(MAX_REASON_LENGTH)
						)
				)
				.addSubcommand((sub) =>
					sub
						.setName('release')
						.setDescription('Release a member from detention and give their roles back')
						.addUserOption((option) => option.setName('member').setDescription('Who to release').setRequired(true))
						.addStringOption((option) =>
							option.setName('reason').setDescription('Why (kept in the case log)').setMaxLength(MAX_REASON_LENGTH)
						)
				)
				.addSubcommand((sub) => sub.setName('list').setDescription('Members in detention now'))
				.addSubcommand((sub) =>
					sub
						.setName('history')
						.setDescription("A member's past detentions")
						.addUserOption((option) => option.setName('member').setDescription('Whose history').setRequired(true))
				)
		);
	}

	public async chatInputSetup(interaction: Interaction) {
		if (!interaction.memberPermissions.has(PermissionFlagsBits.ManageChannels))
			return refuse(
				interaction,
				'You need the Manage Channels permission to set up detention.',
				'Setting up changes the permissions of every channel.',
				{
					category: 'permission'
				}
			);
		const me = interaction.guild.members.me ?? (await interaction.guild.members.fetchMe());
		if (!me.permissions.has(PermissionFlagsBits.ManageChannels))
			return refuse(
				interaction,
				'I need the Manage Channels permission to set up detention.',
				'Give my role Manage Channels, then run this again.',
				{
					category: 'bot_permission'
				}
			);
		const role = interaction.options.getRole('role');
		if (role && (role.managed || role.id === interaction.guildId))
			return refuse(interaction, 'That role cannot be the detention role.', 'Pick a normal role (not @everyone, not a bot or booster role).');
		if (role && role.position >= me.roles.highest.position)
			return refuse(interaction, `${role.name} is above my highest role.`, 'Move my role above it, or let me create one.', {
				category: 'bot_permission'
			});
		const channel = interaction.options.getChannel('channel', false, [ChannelType.GuildText]) as TextChannel | null;

		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const result = await setupDetention(interaction.guild, { role, channel, moderatorId: interaction.user.id });
		const lines = [
			`Role: ${result.role} (${result.createdRole ? 'created' : 'adopted'})`,
			`Channel: ${result.channel} (${result.createdChannel ? 'created' : 'adopted'}) — only detained members and staff see it.`,
			`Hidden from detained members: ${result.hidden} channel(s) and categories.`,
			result.failed.length
				? `⚠️ I could not change ${result.failed.map((id) => `<#${id}>`).join(', ')}: give me access there and run setup again.`
				: null,
			'New channels are hidden from the role automatically.'
		];
		return interaction.editReply({
			embeds: [SmartEmbed.success('Detention is set up', lines.filter(Boolean).join('\n'))],
			allowedMentions: { parse: [] }
		});
	}

	public async chatInputPut(interaction: Interaction) {
		const member = interaction.options.getMember('member');
		if (!member) return refuse(interaction, 'That user is not a member of this server.', null);
		const durationText = interaction.options.getString('duration');
		let durationMs: number | null = null;
		if (durationText) {
			const parsed = parseDuration(durationText);
			if (!parsed.ok) return refuse(interaction, 'I could not read that duration.', parsed.reason);
			durationMs = parsed.ms;
		}
		await interaction.deferReply();
		const result = await detainMember(interaction.guild, member, {
			moderatorId: interaction.user.id,
			reason: interaction.options.getString('reason'),
			durationMs,
			source: 'command'
		});
		if (!result.ok) return refuse(interaction, `I cannot detain ${member.user.username}.`, result.reason);
		const lines = [
			`${member} is in detention. (case #${result.caseNumber})`,
			result.releaseAt
				? `Release ${time(result.releaseAt, TimestampStyles.RelativeTime)} (${formatDuration(durationMs!)}).`
				: 'Until released with `/detention release`.',
			`Roles saved: ${result.savedRoles.length ? result.savedRoles.map((id) => `<@&${id}>`).join(' ') : 'none'}`,
			dmLine(result.dm)
		];
		return interaction.editReply({ embeds: [SmartEmbed.success('Detained', lines.join('\n'))], allowedMentions: { parse: [] } });
	}

	public async chatInputRelease(interaction: Interaction) {
		const user = interaction.options.getUser('member', true);
		await interaction.deferReply();
		const result = await releaseMember(interaction.guild, user.id, {
			moderatorId: interaction.user.id,
			reason: interaction.options.getString('reason'),
			source: 'command'
		});
		if (!result.ok) return refuse(interaction, `I cannot release ${user.username}.`, result.reason);
		const { missing, tooHigh, managed } = result.notRestored;
		const lines = [
			`${user} is free. (case #${result.caseNumber})`,
			result.memberGone
				? 'They had left the server, so there were no roles to give back.'
				: `Roles restored: ${result.restored.length ? result.restored.map((id) => `<@&${id}>`).join(' ') : 'none'}`,
			missing.length ? `Not restored, deleted since: ${missing.length} role(s).` : null,
			tooHigh.length ? `Not restored, at or above my highest role: ${tooHigh.map((id) => `<@&${id}>`).join(' ')}.` : null,
			managed.length ? `Not restored, managed by an integration: ${managed.map((id) => `<@&${id}>`).join(' ')}.` : null,
			result.dm ? dmLine(result.dm) : null
		];
		return interaction.editReply({ embeds: [SmartEmbed.success('Released', lines.filter(Boolean).join('\n'))], allowedMentions: { parse: [] } });
	}

	public async chatInputList(interaction: Interaction) {
		const active = await listActiveDetentions(interaction.guildId);
		return paginate(
			interaction,
			{
				items: active,
				perPage: PER_PAGE,
				render: (items, page) =>
					tikaEmbed('info')
						.setTitle(`In detention (${active.length})`)
						.setDescription(
							items.length
								? items
										.map(
											(entry, index) =>
												`**${page.offset + index + 1}.** <@${entry.userId}> since ${time(entry.startedAt, TimestampStyles.ShortDateTime)} by <@${entry.moderatorId}>` +
												(entry.releaseAt
													? ` — release ${time(entry.releaseAt, TimestampStyles.RelativeTime)}`
													: ' — until released') +
												(entry.reason ? `\n  ${entry.reason}` : '')
										)
										.join('\n')
								: 'Nobody is in detention.'
						)
			},
			{ ephemeral: true }
		);
	}

	public async chatInputHistory(interaction: Interaction) {
		const user = interaction.options.getUser('member', true);
		const entries = await detentionHistory(interaction.guildId, user.id);
		return paginate(
			interaction,
			{
				items: entries,
				perPage: PER_PAGE,
				render: (items) =>
					tikaEmbed('info')
						.setTitle(`Detentions of ${user.username} (${entries.length})`)
						.setDescription(
							items.length
								? items
										.map((entry) => {
											const end = entry.releasedAt
												? `released ${time(entry.releasedAt, TimestampStyles.ShortDateTime)}${entry.releasedLate ? ' (late)' : ''}${entry.releasedBy ? ` by <@${entry.releasedBy}>` : ''}`
												: entry.releaseAt
													? `active, release ${time(entry.releaseAt, TimestampStyles.RelativeTime)}`
													: 'active, until released';
											return `• ${time(entry.startedAt, TimestampStyles.ShortDateTime)} by <@${entry.moderatorId}> — ${end}${entry.reason ? `\n  ${entry.reason}` : ''}`;
										})
										.join('\n')
								: `${user} has never been detained here.`
						)
			},
			{ ephemeral: true }
		);
	}
}

function dmLine(dm: DmOutcome): string {
	if (dm === 'sent') return 'They were told by DM.';
	if (dm === 'closed') return 'I could not DM them (their DMs are closed).';
	return 'I could not DM them.';
}
