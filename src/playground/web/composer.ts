import {
	ApplicationCommandOptionType as T,
	ApplicationCommandType,
	type APIApplicationCommand,
	type APIApplicationCommandOption
} from 'discord-api-types/v10';
import { api, commands, currentGuild, displayName, el, state, toast } from './state';

/**
 * The message box: plain messages and prefix commands go out as they are; a leading `/` runs a slash command written
 * as `/name [group] [subcommand] option:value option:value`, with suggestions for the registered commands, their
 * subcommands, options, choices, members/channels/roles, and the bot's own autocomplete answers.
 */

interface Suggestion {
	label: string;
	detail?: string;
	/** The whole input after picking this suggestion. */
	apply: string;
}

interface Parsed {
	command?: APIApplicationCommand;
	group?: string;
	subcommand?: string;
	/** The options the command path leads to. */
	leaf: APIApplicationCommandOption[];
	/** Words of the head still expected (a subcommand group or subcommand). */
	needs?: APIApplicationCommandOption[];
	/** Text before the options part (`/game tictactoe `). */
	head: string;
	/** Option values as typed, by name, in the order written. */
	values: [string, string][];
	/** Index in the input where each value starts, by option name. */
	valueStart: Map<string, number>;
	/** The partial word at the end of the input. */
	tail: string;
}

type SlashOption = APIApplicationCommandOption & {
	options?: APIApplicationCommandOption[];
	choices?: { name: string; value: string | number }[];
	autocomplete?: boolean;
	required?: boolean;
};

export interface ComposerHooks {
	onSlashResult(result: { id: string; responded: boolean }, label: string): void;
}

export function setUpComposer(hooks: ComposerHooks): { refreshPlaceholder(): void } {
	const form = document.getElementById('composer') as HTMLFormElement;
	const input = document.getElementById('input') as HTMLInputElement;
	const list = document.getElementById('suggestions') as HTMLUListElement;
	const errorBox = document.getElementById('composer-error')!;
	let suggestions: Suggestion[] = [];
	/** The input the suggestions were worked out for: Enter or Tab on an older list would pick from what is no longer typed. */
	let suggestedFor = '';
	let selected = 0;
	/** Whether the person moved through the suggestions with the arrow keys since they last changed. */
	let navigated = false;
	let generation = 0;
	let debounce: ReturnType<typeof setTimeout> | undefined;

	const showError = (text: string | null) => {
		errorBox.textContent = text ?? '';
		errorBox.hidden = !text;
	};
	const render = () => {
		list.replaceChildren(
			...suggestions.map((suggestion, index) => {
				const item = el(
					'li',
					{
						role: 'option',
						'aria-selected': String(index === selected),
						class: index === selected ? 'selected' : undefined,
						'data-testid': 'suggestion'
					},
					el('span', { class: 'suggestion-label' }, suggestion.label),
					suggestion.detail ? el('span', { class: 'suggestion-detail' }, suggestion.detail) : null
				);
				item.addEventListener('mousedown', (event) => {
					event.preventDefault();
					pick(index);
				});
				return item;
			})
		);
		list.hidden = suggestions.length === 0;
	};
	const pick = (index: number) => {
		const suggestion = suggestions[index];
		if (!suggestion) return;
		input.value = suggestion.apply;
		input.focus();
		void update();
	};
	const update = async () => {
		showError(null);
		const mine = ++generation;
		const text = input.value;
		// A fresh `/` asks again: hot reload may have changed the registered commands since.
		if (text === '/') await commands(true);
		const found = text.startsWith('/') ? await suggest(text) : [];
		if (mine !== generation) return;
		suggestions = found.slice(0, 25);
		suggestedFor = text;
		selected = 0;
		navigated = false;
		render();
	};

	input.addEventListener('input', () => {
		clearTimeout(debounce);
		debounce = setTimeout(() => void update(), 60);
	});
	input.addEventListener('blur', () => setTimeout(() => ((list.hidden = true), (suggestions = [])), 100));
	/** Enter or Tab with the suggestions as they are: picks one, or leaves the key to the page (Enter sends). */
	const choose = (key: string): 'picked' | 'not picked' => {
		if (list.hidden || !suggestions.length) return 'not picked';
		if (key === 'Enter' && input.value.endsWith(' ') && !navigated) {
			// After a finished word the suggestions are only a hint (more options): Enter sends, as in Discord.
			suggestions = [];
			render();
			return 'not picked';
		}
		pick(selected);
		return 'picked';
	};
	/** Suggestions for exactly what is typed now (an update overtaken by more typing is followed by another). */
	const fresh = async () => {
		while (suggestedFor !== input.value) await update();
	};
	input.addEventListener('keydown', (event) => {
		if (event.key === 'Enter' || event.key === 'Tab') {
			if (input.value.startsWith('/') && suggestedFor !== input.value) {
				// Typed faster than the suggestions follow (they wait for a pause): work them out for what is typed now,
				// then do what the key would have done had they been there all along.
				event.preventDefault();
				clearTimeout(debounce);
				fresh()
					.then(() => {
						if (choose(event.key) === 'not picked' && event.key === 'Enter') form.requestSubmit();
					})
					.catch((error: Error) => showError(error.message));
			} else if (choose(event.key) === 'picked') event.preventDefault();
			return;
		}
		if (list.hidden || !suggestions.length) return;
		if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
			event.preventDefault();
			selected = (selected + (event.key === 'ArrowDown' ? 1 : suggestions.length - 1)) % suggestions.length;
			navigated = true;
			render();
		} else if (event.key === 'Escape') {
			suggestions = [];
			render();
		}
	});
	form.addEventListener('submit', (event) => {
		event.preventDefault();
		const text = input.value.trim();
		if (!text) return;
		const send = text.startsWith('/')
			? runSlash(text)
			: api('message', { userId: state.me, channelId: state.channelId, content: text }).then(() => true);
		send.then((sent) => {
			if (!sent) return;
			input.value = '';
			suggestions = [];
			render();
		}).catch((error: Error) => showError(error.message));
	});

	async function runSlash(text: string): Promise<boolean> {
		// A word is complete once followed by a space: the submitted line is complete.
		const parsed = await parse(`${text} `);
		if (!parsed.command) throw new Error(`No command called ${text.split(/\s/)[0]} is registered here.`);
		if (parsed.needs) throw new Error(`Pick one of: ${parsed.needs.map((o) => o.name).join(', ')}`);
		const options: Record<string, unknown> = {};
		for (const [name, raw] of parsed.values) {
			const option = parsed.leaf.find((o) => o.name === name) as SlashOption;
			options[name] = convert(option, raw.trim());
		}
		const missing = (parsed.leaf as SlashOption[]).filter((o) => o.required && !(o.name in options)).map((o) => o.name);
		if (missing.length) throw new Error(`Missing required option${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);
		const label = `/${[parsed.command.name, parsed.group, parsed.subcommand].filter(Boolean).join(' ')}`;
		const result = await api<{ id: string; responded: boolean }>('slash', {
			userId: state.me,
			channelId: state.channelId,
			name: parsed.command.name,
			subcommandGroup: parsed.group,
			subcommand: parsed.subcommand,
			options
		});
		hooks.onSlashResult(result, label);
		return true;
	}

	async function suggest(text: string): Promise<Suggestion[]> {
		const parsed = await parse(text);
		if (!parsed.command) {
			const prefix = text.slice(1).toLowerCase();
			if (/\s/.test(prefix)) return [];
			return (await commands())
				.filter((c) => (c.type ?? ApplicationCommandType.ChatInput) === ApplicationCommandType.ChatInput && c.name.startsWith(prefix))
				.sort((a, b) => a.name.localeCompare(b.name))
				.map((c) => ({ label: `/${c.name}`, detail: c.description, apply: `/${c.name} ` }));
		}
		if (parsed.needs) {
			const partial = parsed.tail.toLowerCase();
			return parsed.needs
				.filter((o) => o.name.startsWith(partial))
				.map((o) => ({ label: o.name, detail: o.description, apply: `${text.slice(0, text.length - parsed.tail.length)}${o.name} ` }));
		}
		const out: Suggestion[] = [];
		const last = parsed.values.at(-1);
		const typingValue = last && !text.endsWith(' ');
		if (typingValue) out.push(...(await valueSuggestions(parsed, text, last[0], last[1])));
		// Option names: at a word boundary, or as the word being typed.
		const used = new Set(parsed.values.map(([name]) => name));
		const partial = text.endsWith(' ') ? '' : parsed.tail;
		if (!partial.includes(':')) {
			const base = text.slice(0, text.length - partial.length);
			const names = (parsed.leaf as SlashOption[])
				.filter((o) => !used.has(o.name) && o.name.startsWith(partial.toLowerCase()))
				.sort((a, b) => Number(Boolean(b.required)) - Number(Boolean(a.required)));
			if (!typingValue || partial)
				out.push(
					...names.map((o) => ({
						label: `${o.name}:`,
						detail: `${o.required ? '(required) ' : ''}${o.description}`,
						apply: `${base}${o.name}:`
					}))
				);
		}
		return out;
	}

	async function valueSuggestions(parsed: Parsed, text: string, name: string, typed: string): Promise<Suggestion[]> {
		const option = parsed.leaf.find((o) => o.name === name) as SlashOption | undefined;
		if (!option) return [];
		const start = parsed.valueStart.get(name)!;
		const base = text.slice(0, start);
		const needle = typed.trim().toLowerCase();
		const choice = (label: string, value: string | number, detail?: string): Suggestion => ({
			label,
			...(detail ? { detail } : {}),
			apply: `${base}${value} `
		});
		if (option.choices?.length)
			return option.choices
				.filter((c) => c.name.toLowerCase().includes(needle) || String(c.value).toLowerCase().includes(needle))
				.map((c) => choice(c.name, c.value));
		if (option.autocomplete) {
			const others: Record<string, unknown> = {};
			for (const [other, raw] of parsed.values)
				if (other !== name) others[other] = convert(parsed.leaf.find((o) => o.name === other) as SlashOption, raw.trim());
			others[name] = typed.trim();
			const { choices } = await api<{ choices: { name: string; value: string | number }[] }>('autocomplete', {
				userId: state.me,
				channelId: state.channelId,
				name: parsed.command!.name,
				subcommandGroup: parsed.group,
				subcommand: parsed.subcommand,
				options: others,
				focused: name
			}).catch((error: Error) => (toast(error.message), { choices: [] }));
			return choices.map((c) => choice(c.name, c.value, 'from the bot'));
		}
		const guild = currentGuild();
		switch (option.type) {
			case T.Boolean:
				return ['true', 'false'].filter((v) => v.startsWith(needle)).map((v) => choice(v, v));
			case T.User:
			case T.Mentionable: {
				const users = [state.bot.id, ...guild.members.map((m) => m.userId).filter((id) => id !== state.bot.id)];
				const members = users
					.map((id) => ({ id, name: displayName(id) }))
					.filter((m) => m.name.toLowerCase().includes(needle.replace(/^@/, '')));
				const roles =
					option.type === T.Mentionable
						? guild.roles.filter((r) => r.id !== guild.id && r.name.toLowerCase().includes(needle.replace(/^@/, '')))
						: [];
				return [...members.map((m) => choice(`@${m.name}`, `@${m.name}`)), ...roles.map((r) => choice(`@${r.name}`, `@${r.name}`, 'role'))];
			}
			case T.Role:
				return guild.roles
					.filter((r) => r.id !== guild.id && r.name.toLowerCase().includes(needle.replace(/^@/, '')))
					.map((r) => choice(`@${r.name}`, `@${r.name}`));
			case T.Channel:
				return guild.channels.filter((c) => c.name.includes(needle.replace(/^#/, ''))).map((c) => choice(`#${c.name}`, `#${c.name}`));
			default:
				return [];
		}
	}

	async function parse(text: string): Promise<Parsed> {
		const tail = /(\S*)$/.exec(text)![1]!;
		const empty: Parsed = { leaf: [], head: text, values: [], valueStart: new Map(), tail };
		const firstWord = /^\/(\S+)(\s|$)/.exec(text);
		if (!firstWord || !firstWord[2]) return empty;
		const command = (await commands()).find((c) => (c.type ?? 1) === ApplicationCommandType.ChatInput && c.name === firstWord[1]);
		if (!command) return empty;
		let position = firstWord[0].length;
		let leaf = (command.options ?? []) as SlashOption[];
		const parsed: Parsed = { command, leaf, head: '', values: [], valueStart: new Map(), tail };
		for (const kind of [T.SubcommandGroup, T.Subcommand]) {
			const choices = leaf.filter((o) => o.type === kind || (kind === T.SubcommandGroup && o.type === T.Subcommand));
			if (!choices.length || leaf.some((o) => o.type !== T.Subcommand && o.type !== T.SubcommandGroup)) break;
			const word = /^(\S+)(\s|$)/.exec(text.slice(position));
			const match = word?.[2] ? choices.find((o) => o.name === word[1]) : undefined;
			if (!match) {
				parsed.needs = choices;
				return parsed;
			}
			position += word![0].length;
			if (match.type === T.SubcommandGroup) parsed.group = match.name;
			else parsed.subcommand = match.name;
			leaf = (match.options ?? []) as SlashOption[];
			if (match.type === T.Subcommand) break;
		}
		parsed.leaf = leaf;
		parsed.head = text.slice(0, position);
		// `name:` markers of this command's options split the rest; a value runs to the next marker, spaces included.
		const names = leaf.map((o) => o.name.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&'));
		if (names.length) {
			const marker = new RegExp(`(^|\\s)(${names.join('|')}):`, 'g');
			const rest = text.slice(position);
			const marks = [...rest.matchAll(marker)];
			marks.forEach((mark, index) => {
				const valueStart = mark.index! + mark[0].length;
				const valueEnd = index + 1 < marks.length ? marks[index + 1]!.index! : rest.length;
				parsed.values.push([mark[2]!, rest.slice(valueStart, valueEnd)]);
				parsed.valueStart.set(mark[2]!, position + valueStart);
			});
		}
		return parsed;
	}

	function convert(option: SlashOption, raw: string): unknown {
		const guild = currentGuild();
		const byChoiceName = option.choices?.find((c) => c.name.toLowerCase() === raw.toLowerCase() && String(c.value) !== raw);
		if (byChoiceName) return byChoiceName.value;
		switch (option.type) {
			case T.Integer:
			case T.Number: {
				const value = Number(raw);
				if (raw === '' || !Number.isFinite(value) || (option.type === T.Integer && !Number.isInteger(value)))
					throw new Error(`${option.name} must be ${option.type === T.Integer ? 'a whole number' : 'a number'}`);
				return value;
			}
			case T.Boolean:
				if (!/^(true|false)$/i.test(raw)) throw new Error(`${option.name} must be true or false`);
				return raw.toLowerCase() === 'true';
			case T.User:
			case T.Mentionable:
			case T.Role: {
				const id = /^<@[!&]?(\d+)>$/.exec(raw)?.[1] ?? (/^\d{15,21}$/.test(raw) ? raw : undefined);
				if (id) return id;
				const name = raw.replace(/^@/, '').toLowerCase();
				if (option.type !== T.Role) {
					const userIds = [state.bot.id, ...guild.members.map((m) => m.userId)];
					const user = userIds.find(
						(uid) => displayName(uid).toLowerCase() === name || state.users.get(uid)?.username.toLowerCase() === name
					);
					if (user) return user;
				}
				const role = option.type !== T.User ? guild.roles.find((r) => r.name.toLowerCase() === name) : undefined;
				if (role) return role.id;
				throw new Error(`${option.name}: nobody called ${raw} here`);
			}
			case T.Channel: {
				const channel = guild.channels.find((c) => c.id === raw || c.name === raw.replace(/^#/, '') || `<#${c.id}>` === raw);
				if (!channel) throw new Error(`${option.name}: no channel ${raw} here`);
				return channel.id;
			}
			default:
				return raw;
		}
	}

	return {
		refreshPlaceholder() {
			const channel = currentGuild().channels.find((c) => c.id === state.channelId);
			input.placeholder = `Message #${channel?.name ?? ''} as ${displayName(state.me)} — / for commands`;
		}
	};
}
