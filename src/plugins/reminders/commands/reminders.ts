import { ApplyOptions } from '@sapphire/decorators';
import { CommandOptionsRunTypeEnum } from '@sapphire/framework';
import { Subcommand } from '@sapphire/plugin-subcommands';
import { ChannelType, InteractionContextType, MessageFlags, PermissionFlagsBits, type GuildBasedChannel } from 'discord.js';
import { matchingChoices } from '#shared/ui/autocomplete';
import { confirm, paginate, SmartEmbed } from '#shared/ui/index';
import { confirmReminder, limits, refusePlan, refuseReminder } from '../lib/flow';
import { choiceLabel, listEntry, whereOption } from '../lib/render';
import { deleteReminders, listReminders, memberZone, now, ownedReminder, settings, updateReminder } from '../lib/service';
import { isRepeatPhrase, planReminder } from '../lib/when';

type Interaction = Subcommand.ChatInputCommandInteraction;

/** `repeat` values that turn a repeat off in /reminders edit. */
const NO_REPEAT = /^(none|never|off|no|once|stop)$/i;

/**
 * `/reminders list|cancel|edit|clear`: a member's own reminders in this server. Only `clear channel:` reaches other
 * members' reminders, and only for moderators (Manage Messages in that channel, or bot admins).
 */
@ApplyOptions<Subcommand.Options>({
	description: 'Your reminders and timers in this server.',
	runIn: [CommandOptionsRunTypeEnum.GuildAny],
	subcommands: [
		{ name: 'list', chatInputRun: 'chatInputList' },
		{ name: 'cancel', chatInputRun: 'chatInputCancel' },
		{ name: 'edit', chatInputRun: 'chatInputEdit' },
		{ name: 'clear', chatInputRun: 'chatInputClear' }
	]
})
export class RemindersCommand extends Subcommand {
	public override registerApplicationCommands(registry: Subcommand.Registry) {
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.setContexts(InteractionContextType.Guild)
				.addSubcommand((sub) => sub.setName('list').setDescription('Your waiting reminders and timers here'))
				.addSubcommand((sub) =>
					sub
						.setName('cancel')
						.setDescription('Cancel one of your reminders')
						.addStringOption((option) => option.setName('reminder').setDescription('Which one').setRequired(true).setAutocomplete(true))
				)
				.addSubcommand((sub) =>
					sub
						.setName('edit')
						.setDescription('Change one of your reminders (only the options you give)')
						.addStringOption((option) => option.setName('reminder').setDescription('Which one').setRequired(true).setAutocomplete(true))
						.addStringOption((option) => option.setName('when').setDescription('New time, e.g. "tomorrow 9am"').setMaxLength(100))
						.addStringOption((option) => option.setName('what').setDescription('New text').setMaxLength(6_000))
						.addStringOption((option) => option.setName('repeat').setDescription('New repeat ("weekly"...), or "none"').setMaxLength(100))
						.addStringOption((option) => whereOption(option, 'Here (its channel) or in your DMs'))
				)
				.addSubcommand((sub) =>
					sub
						.setName('clear')
						.setDescription("Cancel all your reminders here (moderators: a channel's, everyone's)")
						.addChannelOption((option) =>
							option
								.setName('channel')
								.setDescription('Only reminders posting in this channel (moderators: everyone’s)')
								.addChannelTypes(
									ChannelType.GuildText,
									ChannelType.GuildAnnouncement,
									ChannelType.PublicThread,
									ChannelType.PrivateThread
								)
						)
				)
		);
	}

	public async chatInputList(interaction: Interaction) {
		const reminders = await listReminders(interaction.user.id, interaction.guildId!);
		const { page_size: perPage, max_per_member: max } = settings();
		const zone = await memberZone(interaction.user.id);
		await paginate(
			interaction,
			{
				items: reminders,
				perPage,
				render: (items, page) =>
					SmartEmbed.info(
						`Your reminders: ${reminders.length}/${max}`,
						[
							items.length === 0 ? 'Nothing waiting. Set one with `/remind` or `/timer`.' : items.map(listEntry).join('\n\n'),
							'',
							`Times are read in ${zone}.${page.count > 1 ? ` Page ${page.index + 1}/${page.count}` : ''}`
						].join('\n')
					)
			},
			{ ephemeral: true }
		);
	}

	public async chatInputCancel(interaction: Interaction) {
		const reminder = await this.pick(interaction);
		if (!reminder) return;
		await deleteReminders([reminder.id]);
		await interaction.reply({
			embeds: [SmartEmbed.success(`Reminder #${reminder.id} cancelled`, listEntry(reminder))],
			flags: MessageFlags.Ephemeral,
			allowedMentions: { parse: [] }
		});
	}

	public async chatInputEdit(interaction: Interaction) {
		const reminder = await this.pick(interaction);
		if (!reminder) return;
		const when = interaction.options.getString('when');
		const what = interaction.options.getString('what');
		const repeat = interaction.options.getString('repeat');
		const where = interaction.options.getString('where');
		if (!when && !what && !repeat && !where)
			return refuseReminder(interaction, 'Nothing to change.', 'Give at least one of `when`, `what`, `repeat` or `where`.');

		const changes: Parameters<typeof updateReminder>[1] = {};
		if (what !== null) {
			const text = what.trim();
			if (text.length > settings().max_text)
				return refuseReminder(
					interaction,
					`The reminder text is too long (${text.length} characters).`,
					`Keep it to ${settings().max_text} characters.`
				);
			if (!text) return refuseReminder(interaction, 'The reminder has no text.', 'Say what to remind you of.');
			changes.text = text;
		}
		if (where) changes.target = where;
		if (when || repeat) {
			if (reminder.kind === 'timer') return refuseReminder(interaction, 'Timers cannot be moved.', 'Cancel it and start a new `/timer`.');
			if (when && !repeat && reminder.rule && !isRepeatPhrase(when))
				return refuseReminder(
					interaction,
					'This reminder repeats.',
					'Give `repeat` too (the same one again, or `none` to make it a one-off).'
				);
			const zone = await memberZone(interaction.user.id);
			const stop = repeat !== null && NO_REPEAT.test(repeat.trim());
			const plan = planReminder({
				when: when ?? { at: reminder.dueAt, wallClock: reminder.wallClock },
				repeat: stop ? null : repeat,
				zone,
				now: now(),
				limits: limits()
			});
			if (!plan.ok) return refusePlan(interaction, plan, zone);
			Object.assign(changes, { dueAt: plan.dueAt, rule: plan.rule, wallClock: plan.wallClock, zone });
		}
		const updated = await updateReminder(reminder.id, changes);
		return confirmReminder(interaction, updated, 'changed');
	}

	public async chatInputClear(interaction: Interaction) {
		const channel = interaction.options.getChannel('channel') as GuildBasedChannel | null;
		const guildId = interaction.guildId!;
		const moderator = channel ? await this.moderates(interaction, channel) : false;
		const where = {
			guildId,
			status: { in: ['pending', 'undeliverable'] },
			...(channel ? { channelId: channel.id, target: 'here' } : {}),
			...(moderator ? {} : { ownerId: interaction.user.id })
		};
		const rows = await this.container.prisma.reminderEntry.findMany({ where, select: { id: true } });
		const scope = channel
			? `${moderator ? 'everyone’s reminders' : 'your reminders'} posting in <#${channel.id}>`
			: 'all your reminders in this server';
		if (rows.length === 0)
			return interaction.reply({
				embeds: [SmartEmbed.info('Nothing to clear', `There are no ${scope.replace(/^all /, '')}.`)],
				flags: MessageFlags.Ephemeral
			});
		const { sassLevel } = await this.container.settings.get(guildId);
		const outcome = await confirm(interaction, {
			prompt: SmartEmbed.warning(
				`Cancel ${rows.length} reminder${rows.length === 1 ? '' : 's'}?`,
				`This cancels ${scope}. It cannot be undone.`
			),
			confirmLabel: 'Cancel them',
			cancelLabel: 'Keep them',
			destructive: true,
			ephemeral: true,
			sassLevel
		});
		if (outcome !== 'confirmed') return null;
		const count = await deleteReminders(rows.map((row) => row.id));
		this.container.logger.info(
			`[reminders] ${interaction.user.id} cleared ${count} reminders (${scope.replace(/<#(\d+)>/, '#$1')}) in guild ${guildId}`
		);
		return interaction.followUp({
			embeds: [SmartEmbed.success('Reminders cleared', `${count} reminder${count === 1 ? '' : 's'} cancelled: ${scope}.`)],
			flags: MessageFlags.Ephemeral,
			allowedMentions: { parse: [] }
		});
	}

	public override async autocompleteRun(interaction: Subcommand.AutocompleteInteraction) {
		const typed = interaction.options.getFocused();
		const [reminders, zone] = await Promise.all([listReminders(interaction.user.id, interaction.guildId!), memberZone(interaction.user.id)]);
		return interaction.respond(
			matchingChoices(reminders, typed.replace(/^#/, ''), (reminder) => {
				const name = choiceLabel(reminder, zone);
				return { search: name, name, value: String(reminder.id) };
			})
		);
	}

	/** The member's own reminder named by the `reminder` option ("12" or "#12"), or a refusal. */
	private async pick(interaction: Interaction) {
		const input = interaction.options.getString('reminder', true).trim();
		const id = /^#?(\d{1,9})$/.exec(input)?.[1];
		const reminder = id ? await ownedReminder(Number(id), interaction.user.id, interaction.guildId!) : null;
		if (!reminder)
			await refuseReminder(
				interaction,
				`You have no reminder ${input.startsWith('#') ? input : `#${input}`} here.`,
				'Pick one from the list as you type, or see `/reminders list`.'
			);
		return reminder;
	}

	/** Manage Messages in that channel, or a bot admin: may clear everyone's reminders there. */
	private async moderates(interaction: Interaction, channel: GuildBasedChannel): Promise<boolean> {
		const member = interaction.inCachedGuild()
			? interaction.member
			: await interaction.guild?.members.fetch(interaction.user.id).catch(() => null);
		if (member && channel.permissionsFor(member)?.has(PermissionFlagsBits.ManageMessages)) return true;
		return this.container.admins.isAdmin(interaction.user.id);
	}
}
