import type { FeaturesConfig } from '#core/config/schema';
import type { PluginManifest } from '#core/plugins/manifest';
import { TtlCache, type CacheStats } from '#shared/utils/cache';
import { FeatureDependencyError, FeatureDependentsError, FeatureLockedError, FeatureRefusedError, UnknownFeatureError } from './errors';
import type { FeatureOverrideRepository } from './repository';
import { closestNames, normaliseFeatureName } from './suggest';

/**
 * Where a feature's own setting comes from, most specific first: the guild's override, config.yml's
 * `features.default_enabled/default_disabled`, the plugin manifest's `defaultEnabled`. `locked` features are always on.
 */
export type FeatureSource = 'override' | 'config' | 'default' | 'locked';

/** One row of `/features list`. */
export interface FeatureState {
	readonly name: string;
	readonly description: string;
	readonly category: string;
	/** Whether the feature acts in this guild: its own setting is on and so is every dependency's. */
	readonly enabled: boolean;
	readonly source: FeatureSource;
	/** A dependency that is off and so keeps this feature off although its own setting is on; null otherwise. */
	readonly blockedBy: string | null;
	readonly toggleable: boolean;
}

/** What `set`, `toggle` and `reset` did. */
export interface FeatureChange {
	readonly feature: string;
	readonly enabled: boolean;
	readonly previous: boolean;
	/** False when the state did not move (enabling a feature that was already on still records the override). */
	readonly changed: boolean;
	readonly source: FeatureSource;
	readonly blockedBy: string | null;
	/** Other features that moved with this one: dependents this feature was holding back. */
	readonly alsoChanged: readonly { readonly feature: string; readonly enabled: boolean }[];
	/** The plugin's missing configuration when it is now on but not set up (its manifest `requirements`); else null. */
	readonly setup: string | null;
}

/** The answer to "may this feature act here?", for the precondition and the interaction handler store. */
export type FeatureCheck =
	| { readonly allowed: true }
	| { readonly allowed: false; readonly reason: 'disabled'; readonly feature: string }
	| { readonly allowed: false; readonly reason: 'setup'; readonly feature: string; readonly detail: string };

export interface FeatureCacheStats extends CacheStats {
	/** Database queries made to load a guild's overrides (one per guild per cache miss, shared by concurrent callers). */
	loads: number;
	loadErrors: number;
}

/** What the manager needs from the plugin manager: the installed plugins (PluginManager satisfies this). */
export interface FeatureCatalog {
	list(): readonly { readonly manifest: PluginManifest }[];
}

export interface FeatureLogger {
	warn(...values: readonly unknown[]): void;
	error(...values: readonly unknown[]): void;
}

export interface FeatureManagerOptions {
	plugins: FeatureCatalog;
	repository: FeatureOverrideRepository;
	/** config.yml's `features` section. */
	defaults?: Pick<FeaturesConfig, 'defaultEnabled' | 'defaultDisabled'>;
	/** Most guilds whose overrides stay cached, least recently used evicted first (`performance.max_cache_size`). */
	maxGuilds: number;
	/**
	 * How long a guild's cached overrides are trusted, in ms (`performance.cache_ttl`). Changes made through this process
	 * are written through to the cache at once; the TTL only bounds how stale another process's changes can look
	 * (shards sharing the database). Default: until evicted.
	 */
	ttlMs?: number;
	/** Clock for the cache, injectable in tests. */
	now?: () => number;
	/** Called for every feature whose state moved, after the change is stored (the client emits `tikaFeatureToggled`). */
	onToggle?: (guildId: string, feature: string, enabled: boolean) => void;
	logger?: FeatureLogger;
}

/** A plugin with everything that does not depend on the guild resolved once, at start-up. */
interface Entry {
	readonly manifest: PluginManifest;
	/** The setting when the guild has no override: config.yml, else the manifest. */
	readonly base: { readonly enabled: boolean; readonly source: 'config' | 'default' };
	readonly locked: boolean;
	/** For a plugin locked only because an always-on plugin needs it: that plugin. */
	readonly requiredBy: string | null;
}

/** One guild, resolved: its overrides and the resulting state of every installed feature. */
interface GuildFeatures {
	readonly overrides: ReadonlyMap<string, boolean>;
	readonly enabled: ReadonlyMap<string, boolean>;
}

const ALLOWED: FeatureCheck = Object.freeze({ allowed: true });

/**
 * Per-guild feature toggles (a feature is a plugin).
 *
 * `isEnabled` sits on the message router's hot path (once per handler per message), so a guild's overrides are
 * loaded in a single query the first time the guild is seen and kept in an LRU of guilds; from then on the answer is a
 * synchronous map lookup. Concurrent first calls for one guild share that one query. Each cached guild holds the
 * resolved state of every feature, dependencies included, so the hot path never walks the dependency graph.
 *
 * Changes are serialised per guild, checked against the lockout guard and the dependency rules, written to the
 * database, then to the cache, and only then announced through `onToggle`.
 */
export class FeatureManager {
	/** Installed plugins in load order. */
	readonly #entries = new Map<string, Entry>();
	readonly #repository: FeatureOverrideRepository;
	readonly #cache: TtlCache<string, GuildFeatures>;
	readonly #loading = new Map<string, Promise<GuildFeatures>>();
	/** Per-guild tail of the change queue: two admins toggling at once must not both validate against the same state. */
	readonly #locks = new Map<string, Promise<unknown>>();
	readonly #onToggle: ((guildId: string, feature: string, enabled: boolean) => void) | undefined;
	readonly #logger: FeatureLogger;
	readonly #unknownDefaults: readonly string[];
	/** Bumped by every write and `forget`; a load that overlapped one does not cache what it read, which may predate it. */
	#writes = 0;
	#loads = 0;
	#loadErrors = 0;

	public constructor(options: FeatureManagerOptions) {
		this.#repository = options.repository;
		this.#onToggle = options.onToggle;
		this.#logger = options.logger ?? console;
		// At least one guild, so the most recent guild always has its synchronous path.
		this.#cache = new TtlCache({ ttlMs: options.ttlMs ?? Number.POSITIVE_INFINITY, maxSize: Math.max(1, options.maxGuilds), now: options.now });

		const defaultEnabled = new Set(options.defaults?.defaultEnabled ?? []);
		const defaultDisabled = new Set(options.defaults?.defaultDisabled ?? []);
		const manifests = options.plugins.list().map((plugin) => plugin.manifest);
		const byName = new Map(manifests.map((manifest) => [manifest.name, manifest]));

		// An always-on plugin's dependencies must be on too, or "always on" would be a lie: they inherit the lock.
		const lockedBy = new Map<string, string | null>();
		const lock = (name: string, requiredBy: string | null) => {
			if (lockedBy.has(name)) return;
			lockedBy.set(name, requiredBy);
			for (const dependency of byName.get(name)?.dependencies ?? []) lock(dependency, requiredBy ?? name);
		};
		for (const manifest of manifests) if (!manifest.toggleable) lock(manifest.name, null);

		for (const manifest of manifests) {
			const base = defaultDisabled.has(manifest.name)
				? ({ enabled: false, source: 'config' } as const)
				: defaultEnabled.has(manifest.name)
					? ({ enabled: true, source: 'config' } as const)
					: ({ enabled: manifest.defaultEnabled, source: 'default' } as const);
			this.#entries.set(manifest.name, {
				manifest,
				base,
				locked: lockedBy.has(manifest.name),
				requiredBy: lockedBy.get(manifest.name) ?? null
			});
		}
		this.#unknownDefaults = [...defaultEnabled, ...defaultDisabled].filter((name) => !byName.has(name));
	}

	/**
	 * Whether the feature acts in the guild. Synchronous while the guild's overrides are cached (the common case);
	 * a promise on the guild's first use or after eviction. Throws for a name no installed plugin has.
	 */
	public isEnabled(guildId: string, feature: string): boolean | Promise<boolean> {
		const entry = this.#entries.get(feature);
		if (entry === undefined) throw new UnknownFeatureError(feature, this.#suggest(feature));
		// Always on, whatever the guild says: no need to look the guild up at all.
		if (entry.locked) return true;
		const cached = this.#cache.get(guildId);
		if (cached !== undefined) return cached.enabled.get(feature) === true;
		return this.#load(guildId).then((loaded) => loaded.enabled.get(feature) === true);
	}

	/**
	 * Every installed feature's state in the guild (locked ones on) while the guild's overrides are cached, else
	 * undefined: what the message router reads once per message. The map is replaced, never changed, by a toggle.
	 */
	public statesNow(guildId: string): ReadonlyMap<string, boolean> | undefined {
		return this.#cache.get(guildId)?.enabled;
	}

	/** Whether a piece of `feature` may act: enabled, and configured when its manifest declares requirements. DMs always may. */
	public async check(guildId: string | null, feature: string): Promise<FeatureCheck> {
		if (guildId === null) return ALLOWED;
		if (!(await this.isEnabled(guildId, feature))) return { allowed: false, reason: 'disabled', feature };
		const detail = await this.needsSetup(guildId, feature);
		return detail === null ? ALLOWED : { allowed: false, reason: 'setup', feature, detail };
	}

	/**
	 * The plugin's own explanation of what the guild still has to configure, or null. A requirements function that
	 * throws is logged and treated as "nothing missing": it is better to let the command try than to lock the feature
	 * behind a broken check.
	 */
	public async needsSetup(guildId: string, feature: string): Promise<string | null> {
		const requirements = this.#entries.get(feature)?.manifest.requirements;
		if (!requirements) return null;
		try {
			const reason = await requirements(guildId);
			return typeof reason === 'string' && reason.trim() ? reason.trim() : null;
		} catch (error) {
			this.#logger.error(`[features] The requirements check of ${feature} failed in guild ${guildId}; letting it run:`, error);
			return null;
		}
	}

	/** Every installed feature with its state in the guild, in plugin load order. */
	public async list(guildId: string): Promise<FeatureState[]> {
		const snapshot = await this.#snapshot(guildId);
		return [...this.#entries.values()].map((entry) => this.#state(entry, snapshot));
	}

	/** One feature's state in the guild; `feature` may be typed loosely ("Fx-Toggle"). */
	public async get(guildId: string, feature: string): Promise<FeatureState> {
		const entry = this.#resolve(feature);
		return this.#state(entry, await this.#snapshot(guildId));
	}

	/** The installed plugin a user meant, from a loosely typed name; throws UnknownFeatureError with suggestions otherwise. */
	public resolveName(input: string): string {
		return this.#resolve(input).manifest.name;
	}

	/** Turns a feature on or off in a guild (an override, kept until `reset`). */
	public set(guildId: string, feature: string, enabled: boolean, actorId: string): Promise<FeatureChange> {
		return this.#change(guildId, feature, actorId, () => enabled);
	}

	/** Flips the feature's current state in the guild. */
	public toggle(guildId: string, feature: string, actorId: string): Promise<FeatureChange> {
		return this.#change(guildId, feature, actorId, (snapshot, name) => snapshot.enabled.get(name) !== true);
	}

	/** Drops the guild's override: the feature follows config.yml / the manifest again. */
	public reset(guildId: string, feature: string, actorId: string): Promise<FeatureChange> {
		return this.#change(guildId, feature, actorId, () => null);
	}

	/** Forgets the cached state of a guild (after its rows were deleted or edited by hand); the next use reloads it. */
	public forget(guildId: string): void {
		this.#writes++;
		this.#cache.delete(guildId);
	}

	/** Names in config.yml's features lists that no installed plugin has (worth a warning at start-up: probably a typo). */
	public unknownDefaults(): readonly string[] {
		return this.#unknownDefaults;
	}

	/** Cache counters for /stats: hits are answers given synchronously from the cache. */
	public stats(): FeatureCacheStats {
		return { ...this.#cache.stats(), loads: this.#loads, loadErrors: this.#loadErrors };
	}

	async #change(
		guildId: string,
		input: string,
		actorId: string,
		next: (snapshot: GuildFeatures, feature: string) => boolean | null
	): Promise<FeatureChange> {
		const entry = this.#resolve(input);
		const name = entry.manifest.name;
		if (entry.locked) throw new FeatureLockedError(name, entry.requiredBy);

		const { before, after } = await this.#exclusive(guildId, async () => {
			const before = await this.#snapshot(guildId);
			const wanted = next(before, name);
			const overrides = new Map(before.overrides);
			if (wanted === null) overrides.delete(name);
			else overrides.set(name, wanted);
			const after = this.#compute(overrides);
			this.#validate(name, wanted, before, after);
			if (wanted === true) await this.#vetoed(entry.manifest, guildId);

			if (wanted !== null) await this.#repository.save(guildId, name, wanted, actorId);
			else if (before.overrides.has(name)) await this.#repository.remove(guildId, name);
			this.#writes++;
			this.#cache.set(guildId, after);
			return { before, after };
		});

		const moved = [...this.#entries.keys()].filter((feature) => before.enabled.get(feature) !== after.enabled.get(feature));
		for (const feature of moved) this.#announce(guildId, feature, after.enabled.get(feature) === true);

		const state = this.#state(entry, after);
		return {
			feature: name,
			enabled: state.enabled,
			previous: before.enabled.get(name) === true,
			changed: moved.includes(name),
			source: state.source,
			blockedBy: state.blockedBy,
			alsoChanged: moved.filter((feature) => feature !== name).map((feature) => ({ feature, enabled: after.enabled.get(feature) === true })),
			setup: state.enabled ? await this.needsSetup(guildId, name) : null
		};
	}

	/**
	 * The dependency rules. Enabling a feature whose dependency is off is refused (it would show "on" and do nothing).
	 * Switching off a feature that enabled features depend on is refused too, rather than taking them down with it: an
	 * admin who turned those on would find them silently off, and `/features list` would no longer match what they chose.
	 */
	#validate(name: string, wanted: boolean | null, before: GuildFeatures, after: GuildFeatures): void {
		if (wanted === true && after.enabled.get(name) !== true) throw new FeatureDependencyError(name, this.#blocker(name, after) ?? 'a dependency');
		const dragged = [...this.#entries.keys()].filter(
			(feature) => feature !== name && before.enabled.get(feature) === true && after.enabled.get(feature) !== true
		);
		if (dragged.length > 0) throw new FeatureDependentsError(name, dragged);
	}

	/** The plugin's own veto on being turned on (its manifest's `enableRefusal`), thrown as a FeatureRefusedError. */
	async #vetoed(manifest: PluginManifest, guildId: string): Promise<void> {
		if (!manifest.enableRefusal) return;
		let reason: string | null;
		try {
			reason = await manifest.enableRefusal(guildId);
		} catch (error) {
			// A broken check must not lock the feature out: same rule as `needsSetup`.
			this.#logger.error(`[features] The enable check of ${manifest.name} failed in guild ${guildId}; letting it be enabled:`, error);
			return;
		}
		if (typeof reason === 'string' && reason.trim()) throw new FeatureRefusedError(manifest.name, reason.trim());
	}

	#announce(guildId: string, feature: string, enabled: boolean): void {
		if (!this.#onToggle) return;
		try {
			this.#onToggle(guildId, feature, enabled);
		} catch (error) {
			// The change is already stored; a failing hook must not make it look as if it was not.
			this.#logger.error(`[features] A toggle hook failed for ${feature} in guild ${guildId}:`, error);
		}
	}

	#state(entry: Entry, snapshot: GuildFeatures): FeatureState {
		const name = entry.manifest.name;
		const own = this.#own(entry, snapshot.overrides);
		const enabled = snapshot.enabled.get(name) === true;
		return {
			name,
			description: entry.manifest.description,
			category: entry.manifest.category,
			enabled,
			source: own.source,
			blockedBy: own.enabled && !enabled ? this.#blocker(name, snapshot) : null,
			toggleable: !entry.locked
		};
	}

	/** The feature's own setting, ignoring its dependencies. */
	#own(entry: Entry, overrides: ReadonlyMap<string, boolean>): { enabled: boolean; source: FeatureSource } {
		if (entry.locked) return { enabled: true, source: 'locked' };
		const override = overrides.get(entry.manifest.name);
		return override === undefined ? entry.base : { enabled: override, source: 'override' };
	}

	/** The first direct dependency that is off in the snapshot. */
	#blocker(name: string, snapshot: GuildFeatures): string | null {
		return this.#entries.get(name)?.manifest.dependencies.find((dependency) => snapshot.enabled.get(dependency) !== true) ?? null;
	}

	/** Resolves every feature for one set of overrides: on when its own setting is on and all its dependencies are on. */
	#compute(overrides: ReadonlyMap<string, boolean>): GuildFeatures {
		const enabled = new Map<string, boolean>();
		const visit = (name: string): boolean => {
			const known = enabled.get(name);
			if (known !== undefined) return known;
			const entry = this.#entries.get(name);
			// A dependency that is not installed cannot be on (the plugin manager refuses such plugins at start-up anyway).
			if (entry === undefined) return false;
			// Provisional value: the plugin manager rejects cycles, but a cycle here must end rather than recurse forever.
			enabled.set(name, false);
			const value = this.#own(entry, overrides).enabled && entry.manifest.dependencies.every(visit);
			enabled.set(name, value);
			return value;
		};
		for (const name of this.#entries.keys()) visit(name);
		return { overrides, enabled };
	}

	#snapshot(guildId: string): Promise<GuildFeatures> {
		const cached = this.#cache.get(guildId);
		return cached === undefined ? this.#load(guildId) : Promise.resolve(cached);
	}

	/** Loads a guild's overrides in one query; callers arriving while it runs get the same promise. */
	#load(guildId: string): Promise<GuildFeatures> {
		const pending = this.#loading.get(guildId);
		if (pending) return pending;
		const writes = this.#writes;
		this.#loads++;
		const promise = this.#repository
			.load(guildId)
			.then((rows) => {
				const snapshot = this.#compute(new Map(rows.map((row) => [row.feature, row.enabled])));
				if (writes === this.#writes) this.#cache.set(guildId, snapshot);
				return snapshot;
			})
			.catch((error: unknown) => {
				this.#loadErrors++;
				throw error;
			})
			.finally(() => this.#loading.delete(guildId));
		this.#loading.set(guildId, promise);
		return promise;
	}

	#exclusive<T>(guildId: string, run: () => Promise<T>): Promise<T> {
		const previous = this.#locks.get(guildId) ?? Promise.resolve();
		const result = previous.then(run);
		const tail = result.then(
			() => undefined,
			() => undefined
		);
		this.#locks.set(guildId, tail);
		void tail.then(() => {
			if (this.#locks.get(guildId) === tail) this.#locks.delete(guildId);
		});
		return result;
	}

	#resolve(input: string): Entry {
		const entry = this.#entries.get(input) ?? this.#entries.get(normaliseFeatureName(input));
		if (entry === undefined) throw new UnknownFeatureError(input, this.#suggest(input));
		return entry;
	}

	/** The closest names, or every toggleable feature when nothing is close: a wrong name should always lead somewhere. */
	#suggest(input: string): string[] {
		const names = [...this.#entries.keys()];
		const close = closestNames(input, names);
		return close.length > 0 ? close : [...this.#entries.values()].filter((entry) => !entry.locked).map((entry) => entry.manifest.name);
	}
}
