import {
	ActionRowBuilder,
	ButtonBuilder,
	ButtonStyle,
	StringSelectMenuBuilder,
	type APIActionRowComponent,
	type APIComponentInMessageActionRow,
	type BaseMessageOptions
} from 'discord.js';
import { tikaEmbed } from '#shared/ui/embeds';
import { C4_COLUMNS, C4_ROWS, c4CanPlay, c4Index } from './connect4';
import { GALLOWS, HANGMAN_MAX_WRONG, hangmanMasked } from './hangman';
import { GAME_NAMES, currentPlayer, type LiveGame } from './session';
import { tttWinner } from './tictactoe';

/** Custom ids: `game:<gameId>:<action>`, well under Discord's 100 characters. */
export const customId = (game: LiveGame | string, action: string) => `game:${typeof game === 'string' ? game : game.id}:${action}`;
export const CUSTOM_ID = /^game:([0-9a-z]{8}):([a-z0-9]{1,3})$/;

export function parseCustomId(id: string): { gameId: string; action: string } | null {
	const match = CUSTOM_ID.exec(id);
	return match ? { gameId: match[1]!, action: match[2]! } : null;
}

const TTT_MARKS = ['', '❌', '⭕'];
const C4_DISCS = ['⚪', '🔴', '🟡'];
const NUMBERS = ['1️⃣', '2️⃣', '3️⃣', '4️⃣', '5️⃣', '6️⃣', '7️⃣'];
const BLANK = '\u2800';

const mention = (game: LiveGame, seat: string | null) => (seat === null ? 'nobody' : seat === game.botId ? 'Tika' : `<@${seat}>`);

function status(game: LiveGame): string {
	if (game.phase === 'playing') return `Turn: ${mention(game, currentPlayer(game))}`;
	if (game.phase === 'challenge') return '';
	const result = game.result!;
	switch (result.reason) {
		case 'win':
			if (game.kind === 'hangman')
				return game.hangman!.status === 'won'
					? `**Solved!** The word was **${game.hangman!.word}**.`
					: `**Hanged.** The word was **${game.hangman!.word}**.`;
			return `**${mention(game, result.winner)} wins!**`;
		case 'draw':
			return "**It's a draw.**";
		case 'forfeit':
			return `**Game over:** ${mention(game, result.loser)} forfeited${result.winner ? `, ${mention(game, result.winner)} wins` : ''}.`;
		case 'idle':
			return `**Game over:** ${mention(game, result.loser)} left the game (no move in time)${result.winner ? `, ${mention(game, result.winner)} wins` : ''}.`;
		case 'declined':
			return '**Challenge declined.**';
		case 'challenge_expired':
			return '**Challenge expired:** nobody accepted in time.';
		case 'disabled':
			return '**Game ended:** interactive games were disabled in this server.';
		case 'restart':
			return '**Game ended:** Tika restarted.';
	}
}

function header(game: LiveGame): string {
	const [a, b] = game.seats;
	if (game.kind === 'hangman') return b ? `Co-op: ${mention(game, a)} and ${mention(game, b)}` : `Player: ${mention(game, a)}`;
	const marks = game.kind === 'tictactoe' ? ['❌', '⭕'] : ['🔴', '🟡'];
	const level = game.vsTika ? ` (${game.difficulty})` : '';
	return `${marks[0]} ${mention(game, a)} vs ${marks[1]} ${mention(game, b)}${level}`;
}

function body(game: LiveGame): string {
	if (game.kind === 'connect4') {
		const win = new Set(game.c4.line);
		const rows: string[] = [];
		for (let row = C4_ROWS - 1; row >= 0; row--) {
			let line = '';
			for (let column = 0; column < C4_COLUMNS; column++) {
				const index = c4Index(column, row);
				line += win.has(index) ? '🟢' : C4_DISCS[game.c4.cells[index]!];
			}
			rows.push(line);
		}
		rows.push(NUMBERS.join(''));
		return rows.join('\n');
	}
	if (game.kind === 'hangman') {
		const state = game.hangman!;
		const wrong = state.guessed.filter((letter) => !state.word.includes(letter));
		return [
			'```',
			GALLOWS[Math.min(state.wrong, HANGMAN_MAX_WRONG)],
			'```',
			`**Word:** \`${hangmanMasked(state)}\` (${state.word.length} letters)`,
			`**Wrong guesses:** ${state.wrong}/${HANGMAN_MAX_WRONG}${wrong.length ? ` (${wrong.join(' ')})` : ''}${state.wrongWords.length ? ` · words: ${state.wrongWords.join(', ')}` : ''}`,
			game.category ? `**Category:** ${game.category} · ${game.difficulty}` : ''
		]
			.filter(Boolean)
			.join('\n');
	}
	return '';
}

function challengePayload(game: LiveGame, challengeSeconds: number): BaseMessageOptions {
	const [a, b] = game.seats;
	const embed = tikaEmbed('info')
		.setTitle(`🎮 ${GAME_NAMES[game.kind]} challenge`)
		.setDescription(
			`${mention(game, a)} challenges ${mention(game, b)} to **${GAME_NAMES[game.kind]}**.\n${mention(game, b)}, accept within ${challengeSeconds} seconds.`
		);
	const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
		new ButtonBuilder().setCustomId(customId(game, 'a')).setLabel('Accept').setStyle(ButtonStyle.Success),
		new ButtonBuilder().setCustomId(customId(game, 'd')).setLabel('Decline').setStyle(ButtonStyle.Danger)
	);
	return { content: `<@${b}>`, embeds: [embed], components: [row], allowedMentions: { users: [b!], repliedUser: false } };
}

/** The game message: board, whose turn, Tika's line, and the controls (all disabled once the game is over). */
export function renderGame(game: LiveGame, options: { challengeSeconds?: number } = {}): BaseMessageOptions {
	if (game.phase === 'challenge') return challengePayload(game, options.challengeSeconds ?? 60);
	const over = game.phase === 'over';
	if (over && (game.result?.reason === 'declined' || game.result?.reason === 'challenge_expired')) {
		const embed = tikaEmbed('warning')
			.setTitle(`🎮 ${GAME_NAMES[game.kind]} challenge`)
			.setDescription([status(game), game.note].filter(Boolean).join('\n'));
		const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
			new ButtonBuilder().setCustomId(customId(game, 'a')).setLabel('Accept').setStyle(ButtonStyle.Success).setDisabled(true),
			new ButtonBuilder().setCustomId(customId(game, 'd')).setLabel('Decline').setStyle(ButtonStyle.Danger).setDisabled(true)
		);
		return { content: '', embeds: [embed], components: [row] };
	}
	const embed = tikaEmbed(over ? 'success' : 'brand')
		.setTitle(`🎮 ${GAME_NAMES[game.kind]}`)
		.setDescription([header(game), body(game), status(game), game.note ? `> ${game.note.replace(/\n/g, ' ')}` : ''].filter(Boolean).join('\n\n'));
	const forfeit = new ButtonBuilder().setCustomId(customId(game, 'f')).setLabel('Forfeit').setStyle(ButtonStyle.Secondary).setDisabled(over);
	const rows: ActionRowBuilder<ButtonBuilder | StringSelectMenuBuilder>[] = [];

	if (game.kind === 'tictactoe') {
		const line = new Set(game.result?.reason === 'win' ? winningLine(game) : []);
		for (let r = 0; r < 3; r++) {
			const row = new ActionRowBuilder<ButtonBuilder>();
			for (let c = 0; c < 3; c++) {
				const index = r * 3 + c;
				const mark = game.ttt[index]!;
				const button = new ButtonBuilder()
					.setCustomId(customId(game, `m${index}`))
					.setStyle(line.has(index) ? ButtonStyle.Success : mark === 0 ? ButtonStyle.Secondary : ButtonStyle.Primary)
					.setDisabled(over || mark !== 0);
				if (mark === 0) button.setLabel(BLANK);
				else button.setEmoji(TTT_MARKS[mark]!);
				row.addComponents(button);
			}
			rows.push(row);
		}
		rows.push(new ActionRowBuilder<ButtonBuilder>().addComponents(forfeit));
	} else if (game.kind === 'connect4') {
		const column = (index: number) =>
			new ButtonBuilder()
				.setCustomId(customId(game, `m${index}`))
				.setLabel(String(index + 1))
				.setStyle(ButtonStyle.Primary)
				.setDisabled(over || !c4CanPlay(game.c4, index));
		rows.push(new ActionRowBuilder<ButtonBuilder>().addComponents([0, 1, 2, 3].map(column)));
		rows.push(new ActionRowBuilder<ButtonBuilder>().addComponents([4, 5, 6].map(column)).addComponents(forfeit));
	} else {
		const state = game.hangman!;
		for (const [action, letters, placeholder] of [
			['l1', 'ABCDEFGHIJKLM', 'Guess a letter A–M'],
			['l2', 'NOPQRSTUVWXYZ', 'Guess a letter N–Z']
		] as const) {
			const open = [...letters].filter((letter) => !state.guessed.includes(letter));
			const menu = new StringSelectMenuBuilder()
				.setCustomId(customId(game, action))
				.setPlaceholder(open.length ? placeholder : 'All guessed')
				.setDisabled(over || open.length === 0)
				.addOptions((open.length ? open : ['-']).map((letter) => ({ label: letter, value: letter })));
			rows.push(new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu));
		}
		rows.push(
			new ActionRowBuilder<ButtonBuilder>().addComponents(
				new ButtonBuilder().setCustomId(customId(game, 'w')).setLabel('Guess the word').setStyle(ButtonStyle.Primary).setDisabled(over),
				forfeit
			)
		);
	}
	return { content: '', embeds: [embed], components: rows };
}

function winningLine(game: LiveGame): readonly number[] {
	return tttWinner(game.ttt)?.line ?? [];
}

/** The same components with everything disabled (for a message whose game Tika no longer knows). */
export function disabledCopy(rows: readonly { toJSON(): unknown }[]): APIActionRowComponent<APIComponentInMessageActionRow>[] {
	return rows.map((row) => {
		const json = row.toJSON() as APIActionRowComponent<APIComponentInMessageActionRow>;
		return { ...json, components: json.components.map((component) => ({ ...component, disabled: true })) };
	});
}
