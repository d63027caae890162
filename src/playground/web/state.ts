import type { APIApplicationCommand, APIUser } from 'discord-api-types/v10';
import type { PageGuild, PageMessage, Persona } from '../protocol';

export type { ModalData, PageEvent, PageGuild, PageMessage, Persona, Snapshot } from '../protocol';

/** Everything the page knows, in one place. */
export const state = {
	bot: null as unknown as APIUser,
	personas: [] as Persona[],
	users: new Map<string, APIUser>(),
	guilds: new Map<string, PageGuild>(),
	messages: new Map<string, PageMessage>(),
	/** Who you are acting as, where. */
	me: '',
	guildId: '',
	channelId: '',
	/** Ephemeral messages dismissed with "Dismiss message". */
	dismissed: new Set<string>(),
	/** What each interaction started from this page was (`/ping`, `Add to profile`), for "Mia used /ping". */
	interactionLabels: new Map<string, string>(),
	commands: new Map<string, APIApplicationCommand[]>()
};

export function currentGuild(): PageGuild {
	return state.guilds.get(state.guildId)!;
}

export function guildOfChannel(channelId: string): PageGuild | undefined {
	return [...state.guilds.values()].find((guild) => guild.channels.some((channel) => channel.id === channelId));
}

export function displayName(userId: string, guild: PageGuild | undefined = currentGuild()): string {
	const nick = guild?.members.find((member) => member.userId === userId)?.nick;
	const user = state.users.get(userId);
	return nick ?? user?.global_name ?? user?.username ?? `unknown-user`;
}

/** The colour of a member's highest coloured role, as Discord paints names. */
export function nameColor(userId: string, guild: PageGuild | undefined = currentGuild()): string | null {
	const member = guild?.members.find((m) => m.userId === userId);
	if (!guild || !member) return null;
	const top = guild.roles.filter((role) => member.roles.includes(role.id) && role.color).sort((a, b) => b.position - a.position)[0];
	return top ? `#${top.color.toString(16).padStart(6, '0')}` : null;
}

export function personaOf(userId: string): string | undefined {
	return state.personas.find((p) => p.user.id === userId)?.persona;
}

export function rememberUser(user: APIUser | undefined): void {
	if (user && !state.users.has(user.id)) state.users.set(user.id, user);
}

/** Snowflakes sort by creation time; BigInt keeps 64-bit ids exact. */
export function compareIds(a: string, b: string): number {
	const x = BigInt(a);
	const y = BigInt(b);
	return x < y ? -1 : x > y ? 1 : 0;
}

export async function api<T = Record<string, unknown>>(path: string, body?: unknown): Promise<T> {
	const response = await fetch(`/api/${path}`, {
		method: body === undefined ? 'GET' : 'POST',
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? null : JSON.stringify(body)
	});
	const result = (await response.json()) as T & { error?: string };
	if (!response.ok) throw new Error(result.error ?? `HTTP ${response.status}`);
	return result;
}

/** Registered commands for the current guild (global + guild), fetched once per guild and refreshed on demand. */
export async function commands(refresh = false): Promise<APIApplicationCommand[]> {
	const cached = state.commands.get(state.guildId);
	if (cached && !refresh) return cached;
	const list = await api<APIApplicationCommand[]>(`commands?guild=${state.guildId}`);
	state.commands.set(state.guildId, list);
	return list;
}

export function el<K extends keyof HTMLElementTagNameMap>(
	tag: K,
	attributes: Record<string, string | boolean | undefined> = {},
	...children: (Node | string | null | undefined | false)[]
): HTMLElementTagNameMap[K] {
	const node = document.createElement(tag);
	for (const [name, value] of Object.entries(attributes)) {
		if (value === undefined || value === false) continue;
		if (name === 'class') node.className = String(value);
		else node.setAttribute(name, value === true ? '' : value);
	}
	for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child);
	return node;
}

let toastTimer: ReturnType<typeof setTimeout> | undefined;
export function toast(text: string): void {
	const node = document.getElementById('toast')!;
	node.textContent = text;
	node.hidden = false;
	clearTimeout(toastTimer);
	toastTimer = setTimeout(() => (node.hidden = true), 5000);
}
