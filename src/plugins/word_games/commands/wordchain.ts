import { ApplyOptions } from '@sapphire/decorators';
import { CommandOptionsRunTypeEnum } from '@sapphire/framework';
import { Subcommand } from '@sapphire/plugin-subcommands';
import {
	ChannelType,
	InteractionContextType,
	MessageFlags,
	PermissionFlagsBits,
	type GuildTextBasedChannel,
	type SlashCommandChannelOption
} from 'discord.js';
import { SmartEmbed, tikaEmbed } from '#shared/ui/embeds';
import { paginate } from '#shared/ui/paginator';
import { dictionaryStats, loadDictionary } from '../lib/dictionary';
import { WORD_GAMES_DATA, wordChainSettings, wordChainStore } from '../lib/instance';
import { checkIgnorePrefix, IGNORE_PREFIX_MAX, lastLetter, MIN_LENGTH_RANGE, pointsFor, type WordChainSettings } from '../lib/wordchain';

type Interaction = Subcommand.ChatInputCommandInteraction;

const TEXT_CHANNELS = [ChannelType.GuildText, ChannelType.PublicThread, ChannelType.PrivateThread] as const;

/** The optional `channel` option that start, stop and status share: a text channel or thread, defaulting to here. */
const channelOption = (description: string) => (option: SlashCommandChannelOption) =>
	option
		.setName('channel')
		.setDescription(description)
		.addChannelTypes(...TEXT_CHANNELS);
/** What Tika needs in a game channel: read the words, react, and explain mistakes. */
const GAME_PERMISSIONS = [
	PermissionFlagsBits.ViewChannel,
	PermissionFlagsBits.SendMessages,
	PermissionFlagsBits.AddReactions,
	PermissionFlagsBits.ReadMessageHistory
];
const LEADERBOARD_PAGE = 10;

/**
 * `/wordchain start|stop|status|stats|leaderboard|config`. Anyone may look (status, stats, leaderboard); starting or
 * stopping a game needs Manage Channels (or Manage Server), and config needs Manage Server. Those are checked here,
 * per subcommand, because Discord's default permissions apply to the whole command.
 */
@ApplyOptions<Subcommand.Options>({
	description: 'Word chain: each word starts with the last letter of the previous one.',
	runIn: [CommandOptionsRunTypeEnum.GuildAny],
	subcommands: [
		{ name: 'start', chatInputRun: 'chatInputStart' },
		{ name: 'stop', chatInputRun: 'chatInputStop' },
		{ name: 'status', chatInputRun: 'chatInputStatus' },
		{ name: 'stats', chatInputRun: 'chatInputStats' },
		{ name: 'leaderboard', chatInputRun: 'chatInputLeaderboard' },
		{ name: 'config', chatInputRun: 'chatInputConfig' }
	]
})
export class WordChainCommand extends Subcommand {
	public override registerApplicationCommands(registry: Subcommand.Registry) {
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.setContexts(InteractionContextType.Guild)
				.addSubcommand((sub) =>
					sub
						.setName('start')
						.setDescription('Start a word chain (Manage Channels)')
						.addChannelOption(channelOption('Where to play (default: here)'))
				)
				.addSubcommand((sub) =>
					sub
						.setName('stop')
						.setDescription('End the word chain (Manage Channels)')
						.addChannelOption(channelOption('Which game (default: here)'))
				)
				.addSubcommand((sub) =>
					sub
						.setName('status')
						.setDescription('The current chain: last word, next letter, length')
						.addChannelOption(channelOption('Which game (default: here)'))
				)
				.addSubcommand((sub) =>
					sub
						.setName('stats')
						.setDescription("A player's word-chain record in this server")
						.addUserOption((option) => option.setName('user').setDescription('Whose record (default: yours)'))
				)
				.addSubcommand((sub) => sub.setName('leaderboard').setDescription('Top word-chain players in this server'))
				.addSubcommand((sub) =>
					sub
						.setName('config')
						.setDescription('Word-chain settings (Manage Server)')
						.addStringOption((option) =>
							option
								.setName('ignore_prefix')
								.setDescription("Messages starting with this are chat (default //; 'none' to turn off)")
								.setMaxLength(IGNORE_PREFIX_MAX)
						)
						.addIntegerOption((option) =>
							option
								.setName('min_length')
								.setDescription('Shortest word that counts (default 2)')
								.setMinValue(MIN_LENGTH_RANGE.min)
								.setMaxValue(MIN_LENGTH_RANGE.max)
						)
				)
		);
	}

	public async chatInputStart(interaction: Interaction) {
		if (!(await this.allowed(interaction, 'channels'))) return;
		const channel = await this.targetChannel(interaction);
		if (!channel) return;
		const me = interaction.guild!.members.me;
		const missing = me ? (channel.permissionsFor(me)?.missing(GAME_PERMISSIONS) ?? []) : [];
		if (missing.length)
			return this.fault(
				interaction,
				`I can't run a game in <#${channel.id}>.`,
				`I need these permissions there: ${missing.join(', ')}.`,
				'bot_permission'
			);

		const game = await wordChainStore.start(interaction.guildId!, channel.id, interaction.user.id);
		if (!game)
			return this.fault(
				interaction,
				`<#${channel.id}> already has a word chain.`,
				'See it with `/wordchain status`, or end it with `/wordchain stop`.'
			);
		// Warm the dictionary now, so the first word is not the one that waits for it.
		void loadDictionary().catch((error: unknown) => this.container.logger.error('[word_games] could not load the dictionary:', error));

		const settings = await wordChainSettings(interaction.guildId!);
		const rules = rulesText(settings);
		if (channel.id !== interaction.channelId) {
			await channel.send({
				embeds: [tikaEmbed('brand').setTitle('🔤 Word chain started!').setDescription(`Started by <@${interaction.user.id}>.\n\n${rules}`)]
			});
			return interaction.reply({
				embeds: [SmartEmbed.success('Word chain started', `The game is on in <#${channel.id}>.`)],
				flags: MessageFlags.Ephemeral
			});
		}
		return interaction.reply({
			embeds: [tikaEmbed('brand').setTitle('🔤 Word chain started!').setDescription(`Started by <@${interaction.user.id}>.\n\n${rules}`)]
		});
	}

	public async chatInputStop(interaction: Interaction) {
		if (!(await this.allowed(interaction, 'channels'))) return;
		const channel = await this.targetChannel(interaction);
		if (!channel) return;
		const summary = await wordChainStore.stop(channel.id);
		if (!summary) return this.fault(interaction, `There is no word chain in <#${channel.id}>.`, 'Start one with `/wordchain start`.');
		const top = summary.players
			.slice(0, 5)
			.map((player, index) => `${index + 1}. <@${player.userId}>: ${player.words} word${player.words === 1 ? '' : 's'}`);
		const description = [
			`<@${interaction.user.id}> ended the chain in <#${channel.id}> after **${summary.length}** word${summary.length === 1 ? '' : 's'}.`,
			summary.lastWord ? `Last word: **${summary.lastWord}**` : 'Nobody played a word.',
			...(top.length ? ['', '**Most words this game**', ...top] : []),
			'',
			'Scores are kept: see `/wordchain leaderboard`.'
		].join('\n');
		return interaction.reply({ embeds: [tikaEmbed('info').setTitle('🏁 Word chain over').setDescription(description)] });
	}

	public async chatInputStatus(interaction: Interaction) {
		const channel = await this.targetChannel(interaction);
		if (!channel) return;
		const game = await wordChainStore.game(channel.id);
		if (!game) {
			const elsewhere = await wordChainStore.gamesInGuild(interaction.guildId!);
			const hint = elsewhere.length
				? `Games running: ${elsewhere.map((row) => `<#${row.channelId}>`).join(', ')}.`
				: 'Start one with `/wordchain start`.';
			return interaction.reply({
				embeds: [SmartEmbed.info('No word chain here', `<#${channel.id}> has no game. ${hint}`)],
				flags: MessageFlags.Ephemeral
			});
		}
		const settings = await wordChainSettings(interaction.guildId!);
		const lines = [
			`Channel: <#${game.channelId}>`,
			game.lastWord
				? `Last word: **${game.lastWord}** by <@${game.lastUserId}>\nNext word starts with: **${lastLetter(game.lastWord).toUpperCase()}**`
				: 'No word yet: anyone may start with any word.',
			`Chain length: **${game.length}**`,
			`Started by <@${game.startedBy}> <t:${Math.floor(game.startedAt.getTime() / 1000)}:R>`,
			`Minimum length: ${settings.minLength} · Ignore prefix: ${settings.ignorePrefix ? `\`${settings.ignorePrefix}\`` : 'none'}`
		];
		return interaction.reply({ embeds: [tikaEmbed('info').setTitle('🔤 Word chain').setDescription(lines.join('\n'))] });
	}

	public async chatInputStats(interaction: Interaction) {
		const user = interaction.options.getUser('user') ?? interaction.user;
		const record = await wordChainStore.score(interaction.guildId!, user.id);
		if (!record || (record.words === 0 && record.mistakes === 0))
			return interaction.reply({
				embeds: [SmartEmbed.info('No word-chain record', `<@${user.id}> has not played a word chain in this server yet.`)],
				flags: MessageFlags.Ephemeral
			});
		const rank = await wordChainStore.rank(interaction.guildId!, record.score);
		const attempts = record.words + record.mistakes;
		const accuracy = attempts ? Math.round((record.words / attempts) * 100) : 0;
		const embed = tikaEmbed('info')
			.setTitle(`🔤 Word chain: ${user.username}`)
			.setDescription(`<@${user.id}> is **#${rank}** in this server.`)
			.addFields(
				{ name: 'Score', value: String(record.score), inline: true },
				{ name: 'Valid words', value: String(record.words), inline: true },
				{ name: 'Mistakes', value: String(record.mistakes), inline: true },
				{ name: 'Accuracy', value: `${accuracy}%`, inline: true }
			);
		return interaction.reply({ embeds: [embed] });
	}

	public async chatInputLeaderboard(interaction: Interaction) {
		const rows = await wordChainStore.leaderboard(interaction.guildId!);
		if (!rows.length)
			return interaction.reply({
				embeds: [SmartEmbed.info('Word-chain leaderboard', 'Nobody has scored yet. Start a game with `/wordchain start`.')]
			});
		const medals = ['🥇', '🥈', '🥉'];
		const lines = rows.map(
			(row, index) =>
				`${medals[index] ?? `**${index + 1}.**`} <@${row.userId}>: **${row.score}** pts · ${row.words} words · ${row.mistakes} mistakes`
		);
		await paginate(interaction, {
			items: lines,
			perPage: LEADERBOARD_PAGE,
			render: (page) =>
				tikaEmbed('brand')
					.setTitle(`🏆 Word-chain leaderboard: ${interaction.guild?.name ?? 'this server'}`)
					.setDescription(page.join('\n'))
		});
	}

	public async chatInputConfig(interaction: Interaction) {
		if (!(await this.allowed(interaction, 'guild'))) return;
		const guildId = interaction.guildId!;
		const typedPrefix = interaction.options.getString('ignore_prefix');
		const minLength = interaction.options.getInteger('min_length');
		if (typedPrefix === null && minLength === null) {
			const settings = await wordChainSettings(guildId);
			return interaction.reply({ embeds: [SmartEmbed.info('Word-chain settings', settingsText(settings))], flags: MessageFlags.Ephemeral });
		}
		const prefix = typedPrefix === null ? null : typedPrefix.trim().toLowerCase() === 'none' ? '' : typedPrefix.trim();
		if (prefix) {
			const problem = checkIgnorePrefix(prefix);
			if (problem) return this.fault(interaction, 'That ignore prefix does not work.', `${problem} Nothing was changed.`);
		}
		if (minLength !== null && (minLength < MIN_LENGTH_RANGE.min || minLength > MIN_LENGTH_RANGE.max))
			return this.fault(
				interaction,
				'That minimum length does not work.',
				`Pick ${MIN_LENGTH_RANGE.min}–${MIN_LENGTH_RANGE.max}. Nothing was changed.`
			);

		await this.container.data.updateGuildData<Partial<WordChainSettings>>(guildId, WORD_GAMES_DATA, (current) => ({
			...current,
			...(prefix === null ? {} : { ignorePrefix: prefix }),
			...(minLength === null ? {} : { minLength })
		}));
		const settings = await wordChainSettings(guildId);
		return interaction.reply({
			embeds: [SmartEmbed.success('Word-chain settings saved', settingsText(settings))],
			flags: MessageFlags.Ephemeral
		});
	}

	/** Manage Channels (or Manage Server) for start/stop, Manage Server for config; refuses privately otherwise. */
	private async allowed(interaction: Interaction, need: 'channels' | 'guild'): Promise<boolean> {
		const permissions = interaction.memberPermissions;
		const ok = permissions?.has(PermissionFlagsBits.ManageGuild) || (need === 'channels' && permissions?.has(PermissionFlagsBits.ManageChannels));
		if (ok) return true;
		const sassLevel = await this.container.settings.sassLevel(interaction.guildId);
		const needed = need === 'channels' ? 'Manage Channels' : 'Manage Server';
		await interaction.reply({
			embeds: [
				SmartEmbed.error(`You need the ${needed} permission for that.`, 'Anyone can use `/wordchain status`, `stats` and `leaderboard`.', {
					userId: interaction.user.id,
					sassLevel,
					category: 'permission',
					vars: { permissions: needed }
				})
			],
			flags: MessageFlags.Ephemeral
		});
		return false;
	}

	private async targetChannel(interaction: Interaction): Promise<GuildTextBasedChannel | null> {
		const picked = interaction.options.getChannel('channel');
		const channel = picked ? interaction.guild!.channels.cache.get(picked.id) : interaction.channel;
		if (channel && 'guildId' in channel && channel.isTextBased() && !channel.isVoiceBased()) return channel as GuildTextBasedChannel;
		await this.fault(interaction, 'That is not a text channel.', 'Word chains are played in text channels and threads.');
		return null;
	}

	private async fault(interaction: Interaction, title: string, description: string, category: 'user_fault' | 'bot_permission' = 'user_fault') {
		const sassLevel = await this.container.settings.sassLevel(interaction.guildId);
		return interaction.reply({
			embeds: [SmartEmbed.error(title, description, { userId: interaction.user.id, sassLevel, category })],
			flags: MessageFlags.Ephemeral
		});
	}
}

function rulesText(settings: WordChainSettings): string {
	return [
		'**How to play**',
		'• Send one word. Each word starts with the **last letter** of the previous one.',
		"• Real English words only; no repeats in this chain; you can't play twice in a row.",
		`• At least ${settings.minLength} letter${settings.minLength === 1 ? '' : 's'}. ${pointsFor('abcde')} point per word, +1 per letter beyond 5 (up to +5).`,
		settings.ignorePrefix
			? `• To chat without playing, start your message with \`${settings.ignorePrefix}\` (messages of several words are ignored too).`
			: '• Messages of several words are ignored.'
	].join('\n');
}

function settingsText(settings: WordChainSettings): string {
	const stats = dictionaryStats();
	return [
		`Ignore prefix: ${settings.ignorePrefix ? `\`${settings.ignorePrefix}\`` : 'none'}`,
		`Minimum word length: ${settings.minLength}`,
		stats ? `Dictionary: ${stats.words.toLocaleString('en-US')} words` : 'Dictionary: loads with the first word played'
	].join('\n');
}
