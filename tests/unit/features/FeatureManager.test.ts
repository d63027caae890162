import {
	FeatureDependencyError,
	FeatureDependentsError,
	FeatureLockedError,
	FeatureManager,
	UnknownFeatureError,
	type FeatureManagerOptions,
	type FeatureOverrideRepository,
	type StoredOverride
} from '#core/features/index';
import { definePlugin, type PluginManifestInput } from '#core/plugins/manifest';

/** An in-memory FeatureOverride table that counts queries and can hold a load open. */
class FakeRepository implements FeatureOverrideRepository {
	public readonly rows = new Map<string, Map<string, { enabled: boolean; actorId: string }>>();
	public loads = 0;
	public saves = 0;
	public removes = 0;
	public failNextLoad = false;
	/** When set, loads wait for `release()`. */
	public gate: Promise<void> | null = null;
	#release: (() => void) | null = null;

	public hold(): void {
		this.gate = new Promise((resolve) => (this.#release = resolve));
	}

	public release(): void {
		this.#release?.();
		this.gate = null;
	}

	public seed(guildId: string, feature: string, enabled: boolean): this {
		this.#guild(guildId).set(feature, { enabled, actorId: 'seed' });
		return this;
	}

	public async load(guildId: string): Promise<StoredOverride[]> {
		this.loads++;
		if (this.gate) await this.gate;
		if (this.failNextLoad) {
			this.failNextLoad = false;
			throw new Error('database is gone');
		}
		return [...this.#guild(guildId)].map(([feature, row]) => ({ feature, enabled: row.enabled }));
	}

	public async save(guildId: string, feature: string, enabled: boolean, actorId: string): Promise<void> {
		this.saves++;
		this.#guild(guildId).set(feature, { enabled, actorId });
	}

	public async remove(guildId: string, feature: string): Promise<void> {
		this.removes++;
		this.#guild(guildId).delete(feature);
	}

	#guild(guildId: string) {
		let guild = this.rows.get(guildId);
		if (!guild) this.rows.set(guildId, (guild = new Map()));
		return guild;
	}
}

const plugin = (input: Partial<PluginManifestInput> & { name: string }) => ({
	manifest: definePlugin({ category: 'user', description: `${input.name} plugin`, version: '1.0.0', ...input })
});

const PLUGINS = [
	plugin({ name: 'bot_admin', toggleable: false }),
	plugin({ name: 'games' }),
	plugin({ name: 'ai_chat', defaultEnabled: false }),
	plugin({ name: 'leveling' }),
	plugin({ name: 'rewards', dependencies: ['leveling'] }),
	plugin({ name: 'quiet', defaultEnabled: true })
];

const GUILD = '100';
const OTHER = '200';
const ACTOR = '42';

function setup(options: Partial<FeatureManagerOptions> = {}) {
	const repository = (options.repository as FakeRepository | undefined) ?? new FakeRepository();
	const toggles: [string, string, boolean][] = [];
	const errors: unknown[][] = [];
	const manager = new FeatureManager({
		plugins: { list: () => PLUGINS },
		repository,
		defaults: { defaultEnabled: ['ai_chat'], defaultDisabled: ['quiet'] },
		maxGuilds: 10,
		onToggle: (guildId, feature, enabled) => toggles.push([guildId, feature, enabled]),
		logger: { warn: () => undefined, error: (...values) => errors.push([...values]) },
		...options
	});
	return { manager, repository, toggles, errors };
}

/** Loads the guild so later calls take the synchronous path. */
async function warm(manager: FeatureManager, guildId = GUILD) {
	await manager.isEnabled(guildId, 'games');
}

describe('FeatureManager state resolution', () => {
	it('GIVEN no override and no config entry THEN the manifest default decides', async () => {
		const { manager } = setup();
		expect(await manager.isEnabled(GUILD, 'games')).toBe(true);
		expect((await manager.get(GUILD, 'games')).source).toBe('default');
	});

	it('GIVEN config.yml lists a feature THEN config beats the manifest default, both ways', async () => {
		const { manager } = setup();
		// ai_chat is off in its manifest but in default_enabled; quiet is on in its manifest but in default_disabled.
		expect(await manager.get(GUILD, 'ai_chat')).toMatchObject({ enabled: true, source: 'config' });
		expect(await manager.get(GUILD, 'quiet')).toMatchObject({ enabled: false, source: 'config' });
	});

	it('GIVEN a guild override THEN it beats config.yml and the manifest, for that guild only', async () => {
		const repository = new FakeRepository().seed(GUILD, 'quiet', true).seed(GUILD, 'games', false);
		const { manager } = setup({ repository });
		expect(await manager.get(GUILD, 'quiet')).toMatchObject({ enabled: true, source: 'override' });
		expect(await manager.get(GUILD, 'games')).toMatchObject({ enabled: false, source: 'override' });
		expect(await manager.get(OTHER, 'games')).toMatchObject({ enabled: true, source: 'default' });
	});

	it('GIVEN a non-toggleable plugin THEN it is always on, even with a stale override row', async () => {
		const repository = new FakeRepository().seed(GUILD, 'bot_admin', false);
		const { manager } = setup({ repository });
		expect(manager.isEnabled(GUILD, 'bot_admin')).toBe(true);
		expect(await manager.get(GUILD, 'bot_admin')).toMatchObject({ enabled: true, source: 'locked', toggleable: false });
		// Always-on plugins do not even need the guild loaded.
		expect(repository.loads).toBe(1);
	});

	it('GIVEN a dependency that is off THEN its dependent is off too and says what it waits for', async () => {
		const repository = new FakeRepository().seed(GUILD, 'leveling', false);
		const { manager } = setup({ repository });
		expect(await manager.isEnabled(GUILD, 'rewards')).toBe(false);
		expect(await manager.get(GUILD, 'rewards')).toMatchObject({ enabled: false, source: 'default', blockedBy: 'leveling' });
	});

	it('lists every feature in plugin order with its state', async () => {
		const { manager } = setup();
		const list = await manager.list(GUILD);
		expect(list.map((feature) => [feature.name, feature.enabled, feature.source])).toEqual([
			['bot_admin', true, 'locked'],
			['games', true, 'default'],
			['ai_chat', true, 'config'],
			['leveling', true, 'default'],
			['rewards', true, 'default'],
			['quiet', false, 'config']
		]);
	});

	it('reports config.yml names that no plugin has', () => {
		const { manager } = setup({ defaults: { defaultEnabled: ['games', 'progresion'], defaultDisabled: [] } });
		expect(manager.unknownDefaults()).toEqual(['progresion']);
	});
});

describe('FeatureManager cache', () => {
	it('GIVEN a guild seen for the first time THEN the answer is a promise, and synchronous from then on', async () => {
		const { manager, repository } = setup();
		const first = manager.isEnabled(GUILD, 'games');
		expect(first).toBeInstanceOf(Promise);
		expect(await first).toBe(true);
		expect(manager.isEnabled(GUILD, 'games')).toBe(true);
		expect(manager.isEnabled(GUILD, 'quiet')).toBe(false);
		expect(repository.loads).toBe(1);
	});

	it('GIVEN concurrent first calls for one guild THEN they share one query', async () => {
		const { manager, repository } = setup();
		repository.hold();
		const answers = Promise.all([manager.isEnabled(GUILD, 'games'), manager.isEnabled(GUILD, 'quiet'), manager.list(GUILD)]);
		repository.release();
		const [games, quiet, list] = await answers;
		expect([games, quiet, list.length]).toEqual([true, false, PLUGINS.length]);
		expect(repository.loads).toBe(1);
	});

	it('GIVEN the load fails THEN callers see the error, nothing is cached, and the next call retries', async () => {
		const { manager, repository } = setup();
		repository.failNextLoad = true;
		await expect(manager.isEnabled(GUILD, 'games')).rejects.toThrow('database is gone');
		expect(await manager.isEnabled(GUILD, 'games')).toBe(true);
		expect(manager.stats()).toMatchObject({ loads: 2, loadErrors: 1 });
	});

	it('GIVEN more guilds than max_cache_size THEN the least recently used guild is evicted and reloaded on its next use', async () => {
		const { manager, repository } = setup({ maxGuilds: 2 });
		await warm(manager, 'a');
		await warm(manager, 'b');
		expect(manager.isEnabled('a', 'games')).toBe(true); // a is now the most recent
		await warm(manager, 'c'); // evicts b
		expect(manager.stats()).toMatchObject({ size: 2, maxSize: 2, evictions: 1 });
		expect(manager.isEnabled('a', 'games')).toBe(true);
		expect(manager.isEnabled('b', 'games')).toBeInstanceOf(Promise);
		expect(repository.loads).toBe(4);
	});

	it('GIVEN the TTL passed THEN the guild is read again (another process may have changed it)', async () => {
		let now = 0;
		const { manager, repository } = setup({ ttlMs: 1000, now: () => now });
		await warm(manager);
		now = 999;
		expect(manager.isEnabled(GUILD, 'games')).toBe(true);
		now = 1000;
		repository.seed(GUILD, 'games', false);
		expect(await manager.isEnabled(GUILD, 'games')).toBe(false);
		expect(repository.loads).toBe(2);
	});

	it('GIVEN statesNow THEN it has nothing before the guild is loaded, then every feature as isEnabled answers, and a fresh map after a change', async () => {
		const repository = new FakeRepository().seed(GUILD, 'bot_admin', false).seed(GUILD, 'leveling', false);
		const { manager } = setup({ repository });
		expect(manager.statesNow(GUILD)).toBeUndefined();
		await warm(manager);
		const states = manager.statesNow(GUILD)!;
		for (const { manifest } of PLUGINS) expect(states.get(manifest.name)).toBe(manager.isEnabled(GUILD, manifest.name));
		expect(Object.fromEntries(states)).toEqual({ bot_admin: true, games: true, ai_chat: true, leveling: false, rewards: false, quiet: false });
		await manager.set(GUILD, 'games', false, ACTOR);
		expect(manager.statesNow(GUILD)!.get('games')).toBe(false);
		// The map a message was routed with is not changed under it.
		expect(states.get('games')).toBe(true);
	});

	it('GIVEN a change THEN it is written through to the cache without another query', async () => {
		const { manager, repository } = setup();
		await warm(manager);
		await manager.set(GUILD, 'games', false, ACTOR);
		expect(manager.isEnabled(GUILD, 'games')).toBe(false);
		expect(repository.loads).toBe(1);
	});

	it('GIVEN forget THEN the next use reloads the guild', async () => {
		const { manager, repository } = setup();
		await warm(manager);
		manager.forget(GUILD);
		expect(manager.isEnabled(GUILD, 'games')).toBeInstanceOf(Promise);
		expect(repository.loads).toBe(2);
	});

	it('GIVEN a load that overlapped forget THEN what it read is not cached', async () => {
		const { manager, repository } = setup();
		repository.hold();
		const pending = manager.isEnabled(GUILD, 'games');
		manager.forget(GUILD);
		repository.release();
		await pending;
		expect(manager.isEnabled(GUILD, 'games')).toBeInstanceOf(Promise);
	});

	it('counts synchronous cache answers as hits for /stats', async () => {
		const { manager } = setup();
		await warm(manager);
		manager.isEnabled(GUILD, 'games');
		manager.isEnabled(GUILD, 'quiet');
		expect(manager.stats()).toMatchObject({ hits: 2, misses: 1, loads: 1 });
	});
});

describe('FeatureManager changes', () => {
	it('GIVEN set THEN the override is stored with who made it and the toggle hook hears about it', async () => {
		const { manager, repository, toggles } = setup();
		const change = await manager.set(GUILD, 'games', false, ACTOR);
		expect(change).toMatchObject({ feature: 'games', enabled: false, previous: true, changed: true, source: 'override', setup: null });
		expect(repository.rows.get(GUILD)!.get('games')).toEqual({ enabled: false, actorId: ACTOR });
		expect(toggles).toEqual([[GUILD, 'games', false]]);
	});

	it('GIVEN enabling a feature that is already on THEN the override is kept but no toggle is announced', async () => {
		const { manager, repository, toggles } = setup();
		const change = await manager.set(GUILD, 'games', true, ACTOR);
		expect(change).toMatchObject({ enabled: true, previous: true, changed: false, source: 'override' });
		expect(repository.saves).toBe(1);
		expect(toggles).toEqual([]);
	});

	it('GIVEN toggle THEN the current state flips', async () => {
		const { manager } = setup();
		expect((await manager.toggle(GUILD, 'quiet', ACTOR)).enabled).toBe(true);
		expect((await manager.toggle(GUILD, 'quiet', ACTOR)).enabled).toBe(false);
	});

	it('GIVEN two toggles at once THEN they apply one after the other', async () => {
		const { manager, repository } = setup();
		const [first, second] = await Promise.all([manager.toggle(GUILD, 'games', ACTOR), manager.toggle(GUILD, 'games', ACTOR)]);
		expect([first.enabled, second.enabled]).toEqual([false, true]);
		expect(repository.rows.get(GUILD)!.get('games')!.enabled).toBe(true);
	});

	it('GIVEN reset THEN the override is removed and the default applies again', async () => {
		const repository = new FakeRepository().seed(GUILD, 'quiet', true);
		const { manager, toggles } = setup({ repository });
		const change = await manager.reset(GUILD, 'quiet', ACTOR);
		expect(change).toMatchObject({ enabled: false, previous: true, changed: true, source: 'config' });
		expect(repository.rows.get(GUILD)!.has('quiet')).toBe(false);
		expect(toggles).toEqual([[GUILD, 'quiet', false]]);
	});

	it('GIVEN reset of a feature without override THEN the database is not touched', async () => {
		const { manager, repository } = setup();
		await manager.reset(GUILD, 'games', ACTOR);
		expect(repository.removes).toBe(0);
	});

	it('GIVEN a loosely typed name THEN it resolves to the plugin', async () => {
		const { manager } = setup();
		expect((await manager.set(GUILD, ' AI-Chat ', false, ACTOR)).feature).toBe('ai_chat');
	});

	it('GIVEN an unknown feature THEN a clear error suggests the closest names and nothing is stored', async () => {
		const { manager, repository } = setup();
		const attempt = manager.set(GUILD, 'gmes', false, ACTOR);
		await expect(attempt).rejects.toBeInstanceOf(UnknownFeatureError);
		await expect(attempt).rejects.toMatchObject({ suggestions: ['games'], message: 'There is no feature called "gmes". Did you mean "games"?' });
		expect(repository.saves).toBe(0);
		expect(() => manager.isEnabled(GUILD, 'gmes')).toThrow(UnknownFeatureError);
	});

	it('GIVEN a name nothing resembles THEN the suggestions are every feature that can be toggled', () => {
		const { manager } = setup();
		expect(() => manager.resolveName('zzzzzzzz')).toThrow(
			expect.objectContaining({ suggestions: ['games', 'ai_chat', 'leveling', 'rewards', 'quiet'] }) as unknown as Error
		);
	});
});

describe('FeatureManager lockout guard and dependencies', () => {
	it('GIVEN the plugin that manages features THEN disabling, enabling or resetting it is refused', async () => {
		const { manager, repository } = setup();
		await expect(manager.set(GUILD, 'bot_admin', false, ACTOR)).rejects.toBeInstanceOf(FeatureLockedError);
		await expect(manager.toggle(GUILD, 'bot_admin', ACTOR)).rejects.toThrow('The bot_admin feature is always on');
		await expect(manager.reset(GUILD, 'bot_admin', ACTOR)).rejects.toBeInstanceOf(FeatureLockedError);
		expect(repository.saves + repository.removes).toBe(0);
	});

	it('GIVEN an always-on plugin that depends on another THEN that one is locked too, naming why', async () => {
		const { manager } = setup({
			plugins: { list: () => [plugin({ name: 'storage' }), plugin({ name: 'bot_admin', toggleable: false, dependencies: ['storage'] })] },
			defaults: { defaultEnabled: [], defaultDisabled: ['storage'] }
		});
		expect(manager.isEnabled(GUILD, 'storage')).toBe(true);
		await expect(manager.set(GUILD, 'storage', false, ACTOR)).rejects.toMatchObject({ requiredBy: 'bot_admin' });
	});

	it('GIVEN a dependency that is off THEN enabling its dependent is refused, naming the dependency', async () => {
		const repository = new FakeRepository().seed(GUILD, 'leveling', false);
		const { manager, toggles } = setup({ repository });
		const attempt = manager.set(GUILD, 'rewards', true, ACTOR);
		await expect(attempt).rejects.toBeInstanceOf(FeatureDependencyError);
		await expect(attempt).rejects.toThrow('The rewards feature needs leveling, which is disabled here. Enable leveling first.');
		expect(repository.saves).toBe(0);
		expect(toggles).toEqual([]);
	});

	it('GIVEN an enabled dependent THEN disabling its dependency is refused, naming the dependent', async () => {
		const { manager, repository } = setup();
		const attempt = manager.set(GUILD, 'leveling', false, ACTOR);
		await expect(attempt).rejects.toBeInstanceOf(FeatureDependentsError);
		await expect(attempt).rejects.toMatchObject({ dependents: ['rewards'] });
		expect(repository.saves).toBe(0);
		expect(manager.isEnabled(GUILD, 'leveling')).toBe(true);
	});

	it('GIVEN the dependent is off first THEN the dependency can be disabled', async () => {
		const { manager } = setup();
		await manager.set(GUILD, 'rewards', false, ACTOR);
		expect((await manager.set(GUILD, 'leveling', false, ACTOR)).enabled).toBe(false);
	});

	it('GIVEN a dependent waiting for its dependency THEN enabling the dependency brings it back and announces both', async () => {
		const { manager, toggles } = setup({ defaults: { defaultEnabled: [], defaultDisabled: ['leveling'] } });
		expect(await manager.isEnabled(GUILD, 'rewards')).toBe(false);
		const change = await manager.set(GUILD, 'leveling', true, ACTOR);
		expect(change.alsoChanged).toEqual([{ feature: 'rewards', enabled: true }]);
		expect(toggles).toEqual([
			[GUILD, 'leveling', true],
			[GUILD, 'rewards', true]
		]);
	});

	it('GIVEN a reset that would leave the feature waiting for a dependency THEN it is allowed and says so', async () => {
		const repository = new FakeRepository().seed(GUILD, 'leveling', false).seed(GUILD, 'rewards', false);
		const { manager } = setup({ repository });
		expect(await manager.reset(GUILD, 'rewards', ACTOR)).toMatchObject({ enabled: false, source: 'default', blockedBy: 'leveling' });
	});
});

describe('FeatureManager setup requirements and checks', () => {
	const withRequirements = (requirements: (guildId: string) => string | null | Promise<string | null>) =>
		setup({ plugins: { list: () => [...PLUGINS, plugin({ name: 'needy', requirements })] } });

	it('GIVEN a plugin missing configuration THEN enabling it reports the reason, and check refuses with it', async () => {
		const { manager } = withRequirements(async () => 'needy needs an API key: /needy key set');
		await manager.set(GUILD, 'needy', false, ACTOR);
		expect((await manager.set(GUILD, 'needy', true, ACTOR)).setup).toBe('needy needs an API key: /needy key set');
		expect(await manager.check(GUILD, 'needy')).toEqual({
			allowed: false,
			reason: 'setup',
			feature: 'needy',
			detail: 'needy needs an API key: /needy key set'
		});
	});

	it('GIVEN a disabled feature THEN check says disabled without asking the requirements', async () => {
		const requirements = jest.fn(() => 'missing');
		const { manager } = withRequirements(requirements);
		await manager.set(GUILD, 'needy', false, ACTOR);
		requirements.mockClear();
		expect(await manager.check(GUILD, 'needy')).toEqual({ allowed: false, reason: 'disabled', feature: 'needy' });
		expect(requirements).not.toHaveBeenCalled();
	});

	it('GIVEN a direct message THEN everything is allowed (features are per guild)', async () => {
		const { manager } = withRequirements(() => 'missing');
		expect(await manager.check(null, 'needy')).toEqual({ allowed: true });
	});

	it('GIVEN a requirements check that throws THEN it is logged and the feature may run', async () => {
		const { manager, errors } = withRequirements(() => {
			throw new Error('boom');
		});
		expect(await manager.check(GUILD, 'needy')).toEqual({ allowed: true });
		expect(errors).toHaveLength(1);
	});

	it('GIVEN a toggle hook that throws THEN the change still stands', async () => {
		const { manager, errors } = setup({
			onToggle: () => {
				throw new Error('hook failed');
			}
		});
		expect((await manager.set(GUILD, 'games', false, ACTOR)).enabled).toBe(false);
		expect(manager.isEnabled(GUILD, 'games')).toBe(false);
		expect(errors).toHaveLength(1);
	});
});
