import {
	ApplicationCommandRegistries,
	InternalRegistryAPIType,
	type ApplicationCommandRegistry,
	type Command,
	type CommandStore
} from '@sapphire/framework';
import type { Piece } from '@sapphire/pieces';
import { ApplicationCommandType, type ApplicationCommandDataResolvable, type ApplicationCommandManager } from 'discord.js';
import { reasonOf, type PieceLoadError } from './loadErrors';

/** One application command a registry asked for; `apiCalls` is private in Sapphire, this is its shape in 5.x. */
interface RegistryCall {
	builtData: ApplicationCommandDataResolvable & { name: string; type?: ApplicationCommandType };
	registerOptions: { guildIds?: readonly string[] | null };
	type: InternalRegistryAPIType;
}

interface RegisteredId {
	type: InternalRegistryAPIType;
	id: string;
	guildId: string | null;
}

/** Where a list of commands lives on Discord: the global list (`null`) or one guild's. */
export type CommandScope = string | null;

/** What Discord should hold (global and per guild), and the ids Discord gave each command piece last time. */
export interface CommandSnapshot {
	/** Canonical form of each scope's command list, to tell which scopes (if any) need a PUT. */
	readonly scopes: ReadonlyMap<CommandScope, string>;
	readonly ids: ReadonlyMap<string, readonly RegisteredId[]>;
}

export type CommandSyncOutcome = 'unchanged' | 'updated' | 'skipped' | 'failed';

export interface CommandSyncResult {
	outcome: CommandSyncOutcome;
	/** Commands whose `registerApplicationCommands` threw: loaded, but not offered as slash commands. */
	failed: PieceLoadError[];
	/** Why the PUT failed, when it did. */
	error?: string;
}

/** How the controller talks to Discord about commands; unit tests pass a fake. */
export interface CommandSync {
	snapshot(): CommandSnapshot;
	/** Registers the freshly loaded command pieces, then bulk-overwrites Discord's list if the set differs from `before`. */
	apply(before: CommandSnapshot, fresh: readonly Piece[]): Promise<CommandSyncResult>;
}

/**
 * Keeps Discord's application commands in step with the command store after pieces were loaded or unloaded at run
 * time. Sapphire registers everything once at login, and `Command#reload` re-sends every scope even when nothing
 * changed (see commandReload.ts), but nothing in its public API re-registers after a piece is *added* or *removed*
 * (`handleBulkOverwrite` is internal). This is the same bulk overwrite Tika uses at start-up, done only for the scopes
 * whose list really changed (one PUT each): reloading a plugin whose commands look the same costs no request, a
 * changed description in the dev guilds costs one PUT there, and Discord keeps ids stable across bulk overwrites anyway.
 */
export class ApplicationCommandSync implements CommandSync {
	public constructor(
		private readonly store: () => CommandStore | undefined,
		private readonly manager: () => ApplicationCommandManager | null | undefined
	) {}

	public snapshot(): CommandSnapshot {
		const store = this.store();
		const ids = new Map<string, RegisteredId[]>();
		if (store) for (const command of store.values()) ids.set(command.name, registeredIds(command.applicationCommandRegistry));
		return { scopes: describe(store).keys, ids };
	}

	public async apply(before: CommandSnapshot, fresh: readonly Piece[]): Promise<CommandSyncResult> {
		const store = this.store();
		if (!store) return { outcome: 'skipped', failed: [] };
		const failed: PieceLoadError[] = [];
		const commands = fresh.filter((piece): piece is Command => piece.store === store && store.get(piece.name) === piece);
		for (const command of commands) {
			const registry = resetRegistry(command);
			try {
				await command.registerApplicationCommands?.(registry);
			} catch (error) {
				failed.push({ piece: `commands/${command.name}`, reason: `its slash command could not be built: ${reasonOf(error)}` });
			}
		}

		// The new pieces take over the ids their predecessors had; a PUT below re-links the scopes it sends.
		for (const command of commands) for (const entry of before.ids.get(command.name) ?? []) link(store, command, entry);
		const after = describe(store);
		const changed = [...new Set([...before.scopes.keys(), ...after.keys.keys()])].filter(
			(scope) => (before.scopes.get(scope) ?? EMPTY) !== (after.keys.get(scope) ?? EMPTY)
		);
		if (changed.length === 0) return { outcome: 'unchanged', failed };

		const manager = this.manager();
		if (!manager) return { outcome: 'skipped', failed };
		try {
			for (const scope of changed) await push(store, manager, after.entries.get(scope) ?? [], scope);
			return { outcome: 'updated', failed };
		} catch (error) {
			return { outcome: 'failed', failed, error: reasonOf(error) };
		}
	}
}

function callsOf(registry: ApplicationCommandRegistry): RegistryCall[] {
	return registry['apiCalls'] as unknown as RegistryCall[];
}

/** The canonical form of an empty list: a scope that had commands and has none now still needs its (empty) PUT. */
const EMPTY = '[]';

/** Every scope's entries, and its canonical key. The global scope is always present (Sapphire always sends it at start-up). */
function describe(store: CommandStore | undefined): { entries: Map<CommandScope, Entry[]>; keys: Map<CommandScope, string> } {
	const entries = new Map<CommandScope, Entry[]>([[null, []]]);
	const add = (scope: CommandScope, entry: Entry) => {
		const list = entries.get(scope) ?? [];
		list.push(entry);
		entries.set(scope, list);
	};
	for (const command of store?.values() ?? []) {
		for (const call of callsOf(command.applicationCommandRegistry)) {
			const entry = { command, data: call.builtData };
			if (call.registerOptions.guildIds?.length) for (const guildId of call.registerOptions.guildIds) add(guildId, entry);
			else add(null, entry);
		}
	}
	// Store order changes when a piece is replaced (Map delete + set), so compare sorted copies.
	const keys = new Map<CommandScope, string>();
	for (const [scope, list] of entries) keys.set(scope, JSON.stringify(list.map((entry) => JSON.stringify(entry.data)).sort()));
	return { entries, keys };
}

interface Entry {
	command: Command;
	data: RegistryCall['builtData'];
}

/** Clears what a replaced piece's registry remembers (the new piece inherits the old registry object by name), as `Command#reload` does. */
function resetRegistry(command: Command): ApplicationCommandRegistry {
	const registry = command.applicationCommandRegistry;
	registry.chatInputCommands.clear();
	registry.contextMenuCommands.clear();
	registry.guildIdsToFetch.clear();
	registry.globalChatInputCommandIds.clear();
	registry.globalContextMenuCommandIds.clear();
	registry.guildIdToChatInputCommandIds.clear();
	registry.guildIdToContextMenuCommandIds.clear();
	callsOf(registry).length = 0;
	// Unloading the predecessor dropped the name from Sapphire's registry map; put the live registry back.
	(ApplicationCommandRegistries.registries as Map<string, ApplicationCommandRegistry>).set(command.name, registry);
	return registry;
}

function registeredIds(registry: ApplicationCommandRegistry): RegisteredId[] {
	const ids: RegisteredId[] = [];
	for (const id of registry.globalChatInputCommandIds) ids.push({ type: InternalRegistryAPIType.ChatInput, id, guildId: null });
	for (const id of registry.globalContextMenuCommandIds) ids.push({ type: InternalRegistryAPIType.ContextMenu, id, guildId: null });
	for (const [guildId, set] of registry.guildIdToChatInputCommandIds)
		for (const id of set) ids.push({ type: InternalRegistryAPIType.ChatInput, id, guildId });
	for (const [guildId, set] of registry.guildIdToContextMenuCommandIds)
		for (const id of set) ids.push({ type: InternalRegistryAPIType.ContextMenu, id, guildId });
	return ids;
}

/** Points an id Discord gave a command at the piece that now serves it (Sapphire routes interactions by id first). */
function link(store: CommandStore, command: Command, entry: RegisteredId): void {
	command.applicationCommandRegistry['handleIdAddition'](entry.type, entry.id, entry.guildId);
	store.aliases.set(entry.id, command);
}

/** One bulk overwrite of one scope's list, like Sapphire's start-up registration, linking the ids Discord answers with. */
async function push(store: CommandStore, manager: ApplicationCommandManager, entries: Entry[], guildId: CommandScope): Promise<void> {
	const data = entries.map((entry) => entry.data);
	const result = guildId ? await manager.set(data, guildId) : await manager.set(data);
	for (const [id, registered] of result) {
		const type = registered.type === ApplicationCommandType.ChatInput ? InternalRegistryAPIType.ChatInput : InternalRegistryAPIType.ContextMenu;
		const entry = entries.find(
			(candidate) => candidate.data.name === registered.name && (candidate.data.type ?? ApplicationCommandType.ChatInput) === registered.type
		);
		if (entry) link(store, entry.command, { type, id, guildId });
	}
}
