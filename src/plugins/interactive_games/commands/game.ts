import { ApplyOptions } from '@sapphire/decorators';
import { CommandOptionsRunTypeEnum, type Args } from '@sapphire/framework';
import { Subcommand } from '@sapphire/plugin-subcommands';
import { InteractionContextType, MessageFlags, PermissionFlagsBits, type BaseMessageOptions, type Message, type User } from 'discord.js';
import { SmartEmbed, tikaEmbed } from '#shared/ui/embeds';
import { CONFIG_LIMITS, gamesConfig, openGame, publish, refuseStart, setGamesConfig, type StartInput } from '../lib/runtime';
import { GAME_KINDS, GAME_NAMES, type GameKind } from '../lib/session';
import { leaderboardEmbed, statsEmbed } from '../lib/stats';
import type { Difficulty } from '../lib/tictactoe';
import { renderGame } from '../lib/view';
import { DIFFICULTIES, wordLists } from '../lib/words';

const MENTION = /^<@!?(\d{15,25})>$/;
const PLAYABLE: readonly GameKind[] = GAME_KINDS;

/**
 * `/game <tictactoe|connect4|hangman> [opponent] [difficulty]`, `/game stats [user]`, `/game leaderboard <game>`,
 * `/game config` (Manage Server). Prefix: `!tika game tictactoe @member hard`, `!tika game stats @member`...
 */
@ApplyOptions<Subcommand.Options>({
	description: 'Play TicTacToe, Connect 4 or Hangman against Tika or a member.',
	runIn: [CommandOptionsRunTypeEnum.GuildAny],
	detailedDescription: '`!tika game tictactoe @member`, `!tika game connect4 hard`, `!tika game hangman animals easy`, `!tika game stats`.',
	subcommands: [
		{ name: 'tictactoe', chatInputRun: 'chatInputPlay', messageRun: 'messageTicTacToe' },
		{ name: 'connect4', chatInputRun: 'chatInputPlay', messageRun: 'messageConnect4' },
		{ name: 'hangman', chatInputRun: 'chatInputPlay', messageRun: 'messageHangman' },
		{ name: 'stats', chatInputRun: 'chatInputStats', messageRun: 'messageStats' },
		{ name: 'leaderboard', chatInputRun: 'chatInputLeaderboard', messageRun: 'messageLeaderboard' },
		{ name: 'config', chatInputRun: 'chatInputConfig' }
	]
})
export class GameCommand extends Subcommand {
	public override registerApplicationCommands(registry: Subcommand.Registry) {
		const difficulty = { name: 'difficulty', description: "Tika's strength when you play her (default medium)" };
		const difficultyChoices = DIFFICULTIES.map((level) => ({ name: level, value: level }));
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.setContexts(InteractionContextType.Guild)
				.addSubcommand((sub) =>
					sub
						.setName('tictactoe')
						.setDescription('TicTacToe on a 3×3 grid of buttons')
						.addUserOption((option) => option.setName('opponent').setDescription('Challenge a member (leave out to play Tika)'))
						.addStringOption((option) =>
							option.setName(difficulty.name).setDescription(difficulty.description).addChoices(difficultyChoices)
						)
				)
				.addSubcommand((sub) =>
					sub
						.setName('connect4')
						.setDescription('Connect Four: drop discs, line up four')
						.addUserOption((option) => option.setName('opponent').setDescription('Challenge a member (leave out to play Tika)'))
						.addStringOption((option) =>
							option.setName(difficulty.name).setDescription(difficulty.description).addChoices(difficultyChoices)
						)
				)
				.addSubcommand((sub) =>
					sub
						.setName('hangman')
						.setDescription('Guess the word letter by letter (alone, or co-op with a member)')
						.addUserOption((option) => option.setName('opponent').setDescription('A member to play with, taking turns'))
						.addStringOption((option) =>
							option
								.setName('category')
								.setDescription('Word category (default: random)')
								.addChoices(Object.keys(wordLists()).map((name) => ({ name, value: name })))
						)
						.addStringOption((option) =>
							option.setName('difficulty').setDescription('Word difficulty (default medium)').addChoices(difficultyChoices)
						)
				)
				.addSubcommand((sub) =>
					sub
						.setName('stats')
						.setDescription('Wins, losses and draws per game in this server')
						.addUserOption((option) => option.setName('user').setDescription('Whose stats (default: yours)'))
				)
				.addSubcommand((sub) =>
					sub
						.setName('leaderboard')
						.setDescription('Top 10 players of a game in this server, by wins')
						.addStringOption((option) =>
							option
								.setName('game')
								.setDescription('Which game')
								.setRequired(true)
								.addChoices(PLAYABLE.map((kind) => ({ name: GAME_NAMES[kind], value: kind })))
						)
				)
				.addSubcommand((sub) =>
					sub
						.setName('config')
						.setDescription('Timeouts for games in this server (Manage Server)')
						.addIntegerOption((option) =>
							option
								.setName('idle_seconds')
								.setDescription('A game with no move this long ends; the player to move loses (default 300)')
								.setMinValue(CONFIG_LIMITS.idleSeconds.min)
								.setMaxValue(CONFIG_LIMITS.idleSeconds.max)
						)
						.addIntegerOption((option) =>
							option
								.setName('challenge_seconds')
								.setDescription('How long a challenge waits for an answer (default 60)')
								.setMinValue(CONFIG_LIMITS.challengeSeconds.min)
								.setMaxValue(CONFIG_LIMITS.challengeSeconds.max)
						)
				)
		);
	}

	// ------------------------------------------------------------ play

	public async chatInputPlay(interaction: Subcommand.ChatInputCommandInteraction) {
		const kind = interaction.options.getSubcommand(true) as GameKind;
		const opponent = interaction.options.getUser('opponent');
		const input: StartInput = {
			kind,
			guildId: interaction.guildId!,
			channelId: interaction.channelId,
			challengerId: interaction.user.id,
			opponent: opponent ? { id: opponent.id, bot: opponent.bot } : null,
			difficulty: (interaction.options.getString('difficulty') as Difficulty | null) ?? 'medium',
			category: interaction.options.getString('category')
		};
		const botId = this.container.client.user!.id;
		const notHere = opponent && !opponent.bot && opponent.id !== botId && !interaction.options.getMember('opponent');
		const refusal = notHere ? `<@${opponent.id}> is not in this server.` : refuseStart(input, botId);
		if (refusal)
			return interaction.reply({
				embeds: [await this.fault(interaction.guildId, interaction.user.id, refusal)],
				flags: MessageFlags.Ephemeral
			});
		const game = openGame(input, this.container.client.user!.id);
		const config = await gamesConfig(input.guildId);
		const response = await interaction.reply({ ...renderGame(game, config), withResponse: true });
		await publish(game, response.resource!.message!.id);
	}

	public messageTicTacToe(message: Message, args: Args) {
		return this.messagePlay(message, args, 'tictactoe');
	}

	public messageConnect4(message: Message, args: Args) {
		return this.messagePlay(message, args, 'connect4');
	}

	public messageHangman(message: Message, args: Args) {
		return this.messagePlay(message, args, 'hangman');
	}

	private async messagePlay(message: Message, args: Args, kind: GameKind) {
		const tokens = args.finished ? [] : await args.repeat('string').catch(() => [] as string[]);
		let opponent: User | null = null;
		let difficulty: Difficulty = 'medium';
		let category: string | null = null;
		for (const token of tokens) {
			const mention = MENTION.exec(token);
			const lower = token.toLowerCase();
			if (mention) opponent = await this.container.client.users.fetch(mention[1]!).catch(() => null);
			else if ((DIFFICULTIES as readonly string[]).includes(lower)) difficulty = lower as Difficulty;
			else if (kind === 'hangman' && wordLists()[lower]) category = lower;
			else
				return this.replyFault(
					message,
					`I do not understand \`${token.replace(/`/g, "'").slice(0, 30)}\`. Try \`!tika game ${kind} @member hard\`.`
				);
		}
		const input: StartInput = {
			kind,
			guildId: message.guildId!,
			channelId: message.channelId,
			challengerId: message.author.id,
			opponent: opponent ? { id: opponent.id, bot: opponent.bot } : null,
			difficulty,
			category
		};
		const botId = this.container.client.user!.id;
		const notHere =
			opponent !== null && !opponent.bot && opponent.id !== botId && !(await message.guild?.members.fetch(opponent.id).catch(() => null));
		const refusal = notHere ? `<@${opponent!.id}> is not in this server.` : refuseStart(input, botId);
		if (refusal) return this.replyFault(message, refusal);
		const game = openGame(input, this.container.client.user!.id);
		const sent = await message.reply({ ...renderGame(game, await gamesConfig(input.guildId)) });
		await publish(game, sent.id);
	}

	// ------------------------------------------------------------ stats

	public async chatInputStats(interaction: Subcommand.ChatInputCommandInteraction) {
		const user = interaction.options.getUser('user') ?? interaction.user;
		return interaction.reply({ embeds: [await statsEmbed(this.container.prisma, interaction.guildId!, user.id)] });
	}

	public async messageStats(message: Message, args: Args) {
		const user = await args.pick('user').catch(() => message.author);
		return message.reply({ embeds: [await statsEmbed(this.container.prisma, message.guildId!, user.id)] });
	}

	public async chatInputLeaderboard(interaction: Subcommand.ChatInputCommandInteraction) {
		const kind = interaction.options.getString('game', true) as GameKind;
		return interaction.reply({ embeds: [await leaderboardEmbed(this.container.prisma, interaction.guildId!, kind)] });
	}

	public async messageLeaderboard(message: Message, args: Args) {
		const kind = (await args.pick('string').catch(() => '')).toLowerCase() as GameKind;
		if (!PLAYABLE.includes(kind)) return this.replyFault(message, `Name a game: ${PLAYABLE.map((name) => `\`${name}\``).join(', ')}.`);
		return message.reply({ embeds: [await leaderboardEmbed(this.container.prisma, message.guildId!, kind)] });
	}

	// ------------------------------------------------------------ config

	public async chatInputConfig(interaction: Subcommand.ChatInputCommandInteraction) {
		if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
			const sassLevel = await this.container.settings.sassLevel(interaction.guildId);
			return interaction.reply({
				embeds: [
					SmartEmbed.error('Manage Server needed.', 'Only members with **Manage Server** can change game timeouts.', {
						userId: interaction.user.id,
						sassLevel,
						category: 'permission'
					})
				],
				flags: MessageFlags.Ephemeral
			});
		}
		const idle = interaction.options.getInteger('idle_seconds');
		const challenge = interaction.options.getInteger('challenge_seconds');
		const patch: { idleSeconds?: number; challengeSeconds?: number } = {};
		if (idle !== null) patch.idleSeconds = clamp(idle, CONFIG_LIMITS.idleSeconds);
		if (challenge !== null) patch.challengeSeconds = clamp(challenge, CONFIG_LIMITS.challengeSeconds);
		const config = Object.keys(patch).length ? await setGamesConfig(interaction.guildId!, patch) : await gamesConfig(interaction.guildId!);
		const embed = tikaEmbed('info')
			.setTitle(Object.keys(patch).length ? '🎮 Game settings saved' : '🎮 Game settings')
			.setDescription(
				`Idle timeout: **${config.idleSeconds} s** (the player to move loses)\nChallenge timeout: **${config.challengeSeconds} s**`
			);
		return interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral });
	}

	// ------------------------------------------------------------ helpers

	private async fault(guildId: string | null, userId: string, text: string) {
		const sassLevel = await this.container.settings.sassLevel(guildId);
		return SmartEmbed.error('No game.', text, { userId, sassLevel, category: 'user_fault' });
	}

	private async replyFault(message: Message, text: string) {
		const payload: BaseMessageOptions = { embeds: [await this.fault(message.guildId, message.author.id, text)] };
		return message.reply(payload);
	}
}

function clamp(value: number, limits: { min: number; max: number }): number {
	return Math.min(limits.max, Math.max(limits.min, Math.round(value)));
}
