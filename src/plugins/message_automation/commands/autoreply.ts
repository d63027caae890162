import { ApplyOptions } from '@sapphire/decorators';
import { CommandOptionsRunTypeEnum } from '@sapphire/framework';
import { Subcommand } from '@sapphire/plugin-subcommands';
import {
	InteractionContextType,
	MessageFlags,
	PermissionFlagsBits,
	type SlashCommandSubcommandBuilder,
	type SlashCommandStringOption
} from 'discord.js';
import { pluginConfig } from '#core/plugins/settings';
import { channelLineage, SETTING_CHANNEL_TYPES } from '#shared/utils/channels';
import { matchingChoices } from '#shared/ui/autocomplete';
import { code } from '#shared/ui/format';
import { paginate, SmartEmbed, type TikaEmbed } from '#shared/ui/index';
import { refuse } from '#shared/ui/refuse';
import plugin from '../plugin';
import { decide, type Decision } from '../lib/autoreply/decide';
import { detailLines, formatSeconds, ignoreSummary, listEntry } from '../lib/autoreply/describe';
import { buildDraft, type DraftInput } from '../lib/autoreply/draft';
import {
	COOLDOWN_SCOPES,
	KIND_HELP,
	MATCH_KINDS,
	MAX_COOLDOWN_SECONDS,
	MAX_SCOPE_ENTRIES,
	MAX_TRIGGER_LENGTH,
	MODE_HELP,
	MODES,
	type AutoReply,
	type CooldownScope,
	type MatchKind,
	type Mode
} from '../lib/autoreply/kinds';
import { scopeRefusal } from '../lib/autoreply/scope';
import {
	autoReplyRuntime,
	createTrigger,
	deleteTriggers,
	getSettings,
	listTriggers,
	loadState,
	resolveTriggers,
	updateSettings,
	updateTrigger
} from '../lib/autoreply/service';
import { renderResponse } from '../lib/autoreply/template';

type Interaction = Subcommand.ChatInputCommandInteraction;

const TRIGGERS_PER_PAGE = 10;
/** Most matches listed by `/autoreply test`. */
const MAX_TESTED = 10;

/**
 * `/autoreply`: a server's automatic answers to trigger words. Every subcommand needs Manage Server (auto-replies
 * speak in the server's name), enforced twice as for /wordfilter: the default member permission hides the command,
 * `requiredUserPermissions` refuses it when a server shows it to others. Replies are private: they quote triggers that
 * may be meant as surprises.
 */
@ApplyOptions<Subcommand.Options>({
	description: 'Automatic answers to trigger words in this server.',
	requiredUserPermissions: [PermissionFlagsBits.ManageGuild],
	runIn: [CommandOptionsRunTypeEnum.GuildAny],
	subcommands: [
		{ name: 'add', chatInputRun: 'chatInputAdd' },
		{ name: 'edit', chatInputRun: 'chatInputEdit' },
		{ name: 'remove', chatInputRun: 'chatInputRemove' },
		{ name: 'list', chatInputRun: 'chatInputList' },
		{ name: 'test', chatInputRun: 'chatInputTest' },
		{ name: 'ignore', chatInputRun: 'chatInputIgnore' },
		{ name: 'unignore', chatInputRun: 'chatInputUnignore' }
	]
})
export class AutoReplyCommand extends Subcommand {
	public override registerApplicationCommands(registry: Subcommand.Registry) {
		const pickTrigger = (option: SlashCommandStringOption, description: string) =>
			option.setName('trigger').setDescription(description).setRequired(true).setAutocomplete(true).setMaxLength(MAX_TRIGGER_LENGTH);
		const channelOrRole = (sub: SlashCommandSubcommandBuilder, verb: string) =>
			sub
				.addChannelOption((option) =>
					option
						.setName('channel')
						.setDescription(`Channel (or category) to ${verb}`)
						.addChannelTypes(...SETTING_CHANNEL_TYPES)
				)
				.addRoleOption((option) => option.setName('role').setDescription(`Role whose members to ${verb}`));
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
				.setContexts(InteractionContextType.Guild)
				.addSubcommand((sub) =>
					triggerOptions(
						sub
							.setName('add')
							.setDescription('Answer a trigger word automatically')
							.addStringOption((option) =>
								option.setName('trigger').setDescription('What to answer to').setRequired(true).setMaxLength(MAX_TRIGGER_LENGTH)
							)
							.addStringOption((option) =>
								option
									.setName('response')
									.setDescription('What to say; several: a || b, weights: 3: a || 1: b; {user} {args}...')
									.setRequired(true)
									.setMaxLength(6_000)
							)
					)
				)
				.addSubcommand((sub) =>
					triggerOptions(
						sub
							.setName('edit')
							.setDescription('Change an auto-reply (only the options you give)')
							.addStringOption((option) => pickTrigger(option, 'The auto-reply to change'))
							.addStringOption((option) =>
								option.setName('new_trigger').setDescription('New trigger text').setMaxLength(MAX_TRIGGER_LENGTH)
							)
							.addStringOption((option) =>
								option.setName('response').setDescription('New responses (replace all of them)').setMaxLength(6_000)
							)
					)
				)
				.addSubcommand((sub) =>
					sub
						.setName('remove')
						.setDescription('Delete an auto-reply')
						.addStringOption((option) => pickTrigger(option, 'The auto-reply to delete'))
				)
				.addSubcommand((sub) => sub.setName('list').setDescription("List this server's auto-replies"))
				.addSubcommand((sub) =>
					sub
						.setName('test')
						.setDescription('Which auto-reply a message would get, and what it would say (nothing is sent)')
						.addStringOption((option) =>
							option.setName('text').setDescription('The message to try').setRequired(true).setMaxLength(4_000)
						)
				)
				.addSubcommand((sub) => channelOrRole(sub.setName('ignore').setDescription('No auto-replies in a channel or for a role'), 'ignore'))
				.addSubcommand((sub) =>
					channelOrRole(sub.setName('unignore').setDescription('Auto-replies again in a channel or for a role'), 'stop ignoring')
				)
		);
	}

	public async chatInputAdd(interaction: Interaction) {
		const guildId = interaction.guildId!;
		const built = buildDraft(draftInput(interaction, interaction.options.getString('trigger', true)), null, this.lookup(interaction));
		if (!built.ok) return refuse(interaction, 'That auto-reply was not added', built.reason);
		const saved = await createTrigger(guildId, built.draft, interaction.user.id, pluginConfig(plugin).autoreply.max_triggers);
		if (!saved.ok) return refuse(interaction, 'That auto-reply was not added', saved.reason);
		this.container.logger.info(
			`[autoreply] ${interaction.user.id} added ${saved.trigger.match} trigger #${saved.trigger.id} in guild ${guildId}`
		);
		return this.confirm(interaction, 'Auto-reply added', saved.trigger);
	}

	public async chatInputEdit(interaction: Interaction) {
		const guildId = interaction.guildId!;
		const target = await this.resolveOne(interaction);
		if (!target) return;
		const built = buildDraft(draftInput(interaction, interaction.options.getString('new_trigger')), target, this.lookup(interaction));
		if (!built.ok) return refuse(interaction, 'That auto-reply was not changed', built.reason);
		const saved = await updateTrigger(guildId, target.id, built.draft);
		if (!saved.ok) return refuse(interaction, 'That auto-reply was not changed', saved.reason);
		this.container.logger.info(`[autoreply] ${interaction.user.id} edited trigger #${target.id} in guild ${guildId}`);
		return this.confirm(interaction, 'Auto-reply changed', saved.trigger);
	}

	public async chatInputRemove(interaction: Interaction) {
		const input = interaction.options.getString('trigger', true);
		const targets = await resolveTriggers(interaction.guildId!, input);
		if (targets.length === 0) return refuse(interaction, 'Nothing was removed', notFound(input));
		await deleteTriggers(
			interaction.guildId!,
			targets.map((trigger) => trigger.id)
		);
		this.container.logger.info(
			`[autoreply] ${interaction.user.id} removed trigger(s) ${targets.map((trigger) => `#${trigger.id}`).join(', ')} in guild ${interaction.guildId}`
		);
		return this.reply(
			interaction,
			SmartEmbed.success(
				targets.length === 1 ? 'Auto-reply removed' : 'Auto-replies removed',
				targets.map((trigger) => `#${trigger.id} **${trigger.match}** ${code(trigger.trigger, 100)} removed.`).join('\n')
			)
		);
	}

	public async chatInputTest(interaction: Interaction) {
		const text = interaction.options.getString('text', true);
		const state = await loadState(interaction.guildId!);
		if (state.matcher.size === 0)
			return this.reply(interaction, SmartEmbed.info('Auto-reply test', 'This server has no auto-replies yet. Add one with `/autoreply add`.'));
		const member = interaction.inCachedGuild() ? interaction.member : null;
		const facts = {
			content: text,
			channelId: interaction.channelId,
			userId: interaction.user.id,
			channelIds: interaction.channel ? channelLineage(interaction.channel) : [interaction.channelId],
			roleIds: member ? [...member.roles.cache.keys()] : []
		};
		const { replies_per_message: limit } = pluginConfig(plugin).autoreply;
		// A dry run: no cooldown starts, no chance is rolled, nothing is counted or sent.
		const { ignored, decisions } = decide(state.matcher, state.settings, facts, { limit, cooldowns: autoReplyRuntime().cooldowns, dryRun: true });
		const matches = state.matcher.match(text);
		const lines: string[] = [];
		if (matches.length === 0) lines.push('No trigger matches: this message would get no auto-reply.');
		else if (ignored) lines.push(`Here, nothing would answer: ${ignored}.`);
		for (const match of matches.slice(0, MAX_TESTED)) {
			const decision = decisions.find((entry) => entry.match.trigger.id === match.trigger.id);
			lines.push(
				`• #${match.trigger.id} **${match.trigger.match}** ${code(match.trigger.trigger, 80)}: ${status(match.trigger, decision, facts, ignored)}`
			);
		}
		if (matches.length > MAX_TESTED) lines.push(`…and ${matches.length - MAX_TESTED} more.`);
		for (const decision of decisions) if (decision.outcome === 'fire') lines.push('', this.preview(interaction, decision));
		const fires = decisions.some((decision) => decision.outcome === 'fire');
		const title = fires ? 'Auto-reply test: this would be answered' : 'Auto-reply test: no answer';
		return this.reply(interaction, fires ? SmartEmbed.success(title, lines.join('\n')) : SmartEmbed.info(title, lines.join('\n')));
	}

	public async chatInputList(interaction: Interaction) {
		const guildId = interaction.guildId!;
		const [triggers, settings] = await Promise.all([listTriggers(guildId), getSettings(guildId)]);
		const { max_triggers: max } = pluginConfig(plugin).autoreply;
		await paginate(
			interaction,
			{
				items: triggers,
				perPage: TRIGGERS_PER_PAGE,
				render: (items, page) =>
					SmartEmbed.info(
						`Auto-replies: ${triggers.length}/${max}`,
						[
							items.length === 0 ? 'No auto-replies yet. Add one with `/autoreply add`.' : items.map(listEntry).join('\n'),
							'',
							ignoreSummary(settings),
							page.count > 1 ? `\nPage ${page.index + 1}/${page.count}` : ''
						].join('\n')
					)
			},
			{ ephemeral: true }
		);
	}

	public async chatInputIgnore(interaction: Interaction) {
		return this.changeIgnored(interaction, true);
	}

	public async chatInputUnignore(interaction: Interaction) {
		return this.changeIgnored(interaction, false);
	}

	public override async autocompleteRun(interaction: Subcommand.AutocompleteInteraction) {
		if (!interaction.guildId) return interaction.respond([]);
		const triggers = await listTriggers(interaction.guildId);
		return interaction.respond(
			matchingChoices(triggers, String(interaction.options.getFocused()), (trigger) => ({
				search: trigger.trigger,
				name: `${trigger.trigger} (${trigger.match})`,
				value: `#${trigger.id}`
			}))
		);
	}

	/** The one trigger an edit is about, or null after telling the admin why there is none. */
	private async resolveOne(interaction: Interaction): Promise<AutoReply | null> {
		const input = interaction.options.getString('trigger', true);
		const targets = await resolveTriggers(interaction.guildId!, input);
		if (targets.length === 1) return targets[0]!;
		await refuse(
			interaction,
			'That auto-reply was not changed',
			targets.length === 0
				? notFound(input)
				: `Several auto-replies have the trigger ${code(input, 100)} (${targets.map((trigger) => `#${trigger.id} ${trigger.match}`).join(', ')}). Pick one from the suggestions.`
		);
		return null;
	}

	private async changeIgnored(interaction: Interaction, add: boolean) {
		const channel = interaction.options.getChannel('channel');
		const role = interaction.options.getRole('role');
		if (!channel && !role) return refuse(interaction, 'Nothing to change', 'Give a `channel`, a `role`, or both.');
		const toggle = (ids: readonly string[], id: string | undefined) =>
			!id ? [...ids] : add ? [...new Set([...ids, id])] : ids.filter((kept) => kept !== id);
		const result = await updateSettings(interaction.guildId!, (current) => {
			const next = { ignoredChannels: toggle(current.ignoredChannels, channel?.id), ignoredRoles: toggle(current.ignoredRoles, role?.id) };
			const tooMany = next.ignoredChannels.length > MAX_SCOPE_ENTRIES || next.ignoredRoles.length > MAX_SCOPE_ENTRIES;
			return tooMany ? `At most ${MAX_SCOPE_ENTRIES} channels and ${MAX_SCOPE_ENTRIES} roles can be ignored.` : next;
		});
		if (!result.ok) return refuse(interaction, 'Too many ignored', result.reason);
		const what = [channel ? `<#${channel.id}>` : null, role ? `<@&${role.id}>` : null].filter(Boolean).join(' and ');
		return this.reply(
			interaction,
			SmartEmbed.success(
				add ? 'Ignored' : 'No longer ignored',
				`${what} ${add ? 'will get no auto-replies' : 'can get auto-replies again'}.\n\n${ignoreSummary(result.settings)}`
			)
		);
	}

	/** What a firing trigger would send, rendered for the admin as the author, here. */
	private preview(interaction: Interaction, decision: Decision): string {
		const { trigger, args } = decision.match;
		const response = decision.response!;
		const member = interaction.inCachedGuild() ? interaction.member : null;
		const content = renderResponse(response.text, {
			authorId: interaction.user.id,
			authorName: member?.displayName ?? interaction.user.displayName,
			serverName: interaction.guild?.name ?? '',
			channelId: interaction.channelId,
			args,
			count: trigger.fired + 1
		});
		const how: Record<Mode, string> = {
			reply: 'It would reply',
			message: 'It would say in the channel',
			dm: 'It would DM the author',
			react: 'It would react with'
		};
		const lines = [`**#${trigger.id} answers.** ${how[trigger.mode]}:`, trigger.mode === 'react' ? content : `>>> ${content.slice(0, 1_500)}`];
		if (trigger.responses.length > 1) lines.splice(1, 0, `(one of ${trigger.responses.length} responses, picked at random by weight)`);
		if (trigger.chance < 100) lines.push(`It answers ${trigger.chance}% of the time.`);
		if (trigger.deleteTrigger) lines.push('Then it deletes the message.');
		return lines.join('\n');
	}

	private async confirm(interaction: Interaction, title: string, trigger: AutoReply) {
		const lines = detailLines(trigger);
		const me = interaction.guild?.members.me;
		if (trigger.deleteTrigger && me && !me.permissions.has(PermissionFlagsBits.ManageMessages))
			lines.push('', '⚠️ I do not have **Manage Messages**, so I will answer but cannot delete the message. Give me that permission.');
		return this.reply(interaction, SmartEmbed.success(title, lines.join('\n')));
	}

	private lookup(interaction: Interaction) {
		const guild = interaction.guild;
		return { channel: (id: string) => guild?.channels.cache.has(id) ?? false, role: (id: string) => guild?.roles.cache.has(id) ?? false };
	}

	private reply(interaction: Interaction, embed: TikaEmbed) {
		return interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
	}
}

/** The options add and edit share (after their trigger and response options, which differ in being required). */
function triggerOptions(sub: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder {
	return sub
		.addStringOption((option) =>
			option
				.setName('match')
				.setDescription('How the trigger is matched (default: word)')
				.addChoices(MATCH_KINDS.map((kind) => ({ name: KIND_HELP[kind], value: kind })))
		)
		.addStringOption((option) =>
			option
				.setName('mode')
				.setDescription('How to answer (default: reply)')
				.addChoices(MODES.map((mode) => ({ name: MODE_HELP[mode], value: mode })))
		)
		.addIntegerOption((option) =>
			option.setName('chance').setDescription('Percent of matches answered (default 100; 0 pauses it)').setMinValue(0).setMaxValue(100)
		)
		.addIntegerOption((option) =>
			option
				.setName('cooldown')
				.setDescription('Seconds before it answers again (default 0: none)')
				.setMinValue(0)
				.setMaxValue(MAX_COOLDOWN_SECONDS)
		)
		.addStringOption((option) =>
			option
				.setName('cooldown_per')
				.setDescription('Whether the cooldown counts per channel (default) or per member')
				.addChoices(COOLDOWN_SCOPES.map((scope) => ({ name: scope, value: scope })))
		)
		.addBooleanOption((option) => option.setName('delete_trigger').setDescription('Delete the message that triggered it (needs Manage Messages)'))
		.addStringOption((option) =>
			option.setName('only_in').setDescription('Only in these channels (mention them; none = anywhere)').setMaxLength(1_000)
		)
		.addStringOption((option) =>
			option.setName('not_in').setDescription('Never in these channels (mention them; none = clear)').setMaxLength(1_000)
		)
		.addStringOption((option) =>
			option.setName('only_roles').setDescription('Only for members with one of these roles (none = anyone)').setMaxLength(1_000)
		)
		.addStringOption((option) =>
			option.setName('not_roles').setDescription('Never for members with one of these roles (none = clear)').setMaxLength(1_000)
		);
}

function draftInput(interaction: Interaction, trigger: string | null): DraftInput {
	const { options } = interaction;
	return {
		trigger,
		response: options.getString('response'),
		match: options.getString('match') as MatchKind | null,
		mode: options.getString('mode') as Mode | null,
		chance: options.getInteger('chance'),
		cooldownSeconds: options.getInteger('cooldown'),
		cooldownScope: options.getString('cooldown_per') as CooldownScope | null,
		deleteTrigger: options.getBoolean('delete_trigger'),
		onlyChannels: options.getString('only_in'),
		exceptChannels: options.getString('not_in'),
		onlyRoles: options.getString('only_roles'),
		exceptRoles: options.getString('not_roles')
	};
}

function notFound(input: string): string {
	return `No auto-reply has the trigger ${code(input, 100)}. \`/autoreply list\` shows them all.`;
}

/** Why a matching trigger does or does not answer, for `/autoreply test`. */
function status(trigger: AutoReply, decision: Decision | undefined, facts: Parameters<typeof scopeRefusal>[1], ignored: string | null): string {
	if (ignored) return 'matches';
	if (decision?.outcome === 'fire') return '**would answer**';
	if (decision?.outcome === 'chance') return 'matches, but it is paused (chance 0%)';
	if (decision?.outcome === 'cooldown') return `matches, but it is cooling down (${formatSeconds(Math.ceil(decision.cooldownMs / 1_000))} left)`;
	const refusal = scopeRefusal(trigger.scope, facts);
	if (refusal) return `matches, but not here: ${refusal}`;
	return 'matches, but a more specific trigger answers first';
}
