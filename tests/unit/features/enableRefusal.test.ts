import { FeatureManager, FeatureRefusedError, type FeatureOverrideRepository, type StoredOverride } from '#core/features/index';
import { definePlugin } from '#core/plugins/manifest';

/** The smallest override table: rows per guild, counting saves. */
class Rows implements FeatureOverrideRepository {
	public readonly rows = new Map<string, boolean>();
	public saves = 0;
	public async load(): Promise<StoredOverride[]> {
		return [...this.rows].map(([feature, enabled]) => ({ feature, enabled }));
	}
	public async save(_guildId: string, feature: string, enabled: boolean): Promise<void> {
		this.saves++;
		this.rows.set(feature, enabled);
	}
	public async remove(_guildId: string, feature: string): Promise<void> {
		this.rows.delete(feature);
	}
}

const GUILD = '100';

function setup(enableRefusal: (guildId: string) => string | null | Promise<string | null>) {
	const repository = new Rows();
	const errors: unknown[][] = [];
	const manifest = definePlugin({
		name: 'ai_chat',
		category: 'automation',
		description: 'talks',
		version: '1.0.0',
		defaultEnabled: false,
		enableRefusal
	});
	const manager = new FeatureManager({
		plugins: { list: () => [{ manifest }] },
		repository,
		maxGuilds: 10,
		logger: { warn: () => undefined, error: (...values) => errors.push([...values]) }
	});
	return { manager, repository, errors };
}

describe("a plugin's veto on being enabled (manifest enableRefusal)", () => {
	it('GIVEN the plugin refuses WHEN an admin enables or toggles it on THEN a FeatureRefusedError carries its sentence and nothing is stored', async () => {
		const { manager, repository } = setup(() => 'AI chat is not set up on this bot: set AI_API_KEY.');
		await expect(manager.set(GUILD, 'ai_chat', true, '1')).rejects.toThrow(
			new FeatureRefusedError('ai_chat', 'AI chat is not set up on this bot: set AI_API_KEY.')
		);
		await expect(manager.toggle(GUILD, 'ai_chat', '1')).rejects.toBeInstanceOf(FeatureRefusedError);
		expect(repository.saves).toBe(0);
		expect(await manager.isEnabled(GUILD, 'ai_chat')).toBe(false);
	});

	it('GIVEN the plugin refuses THEN turning it off and resetting it are never refused', async () => {
		const refusal = jest.fn(() => 'no');
		const { manager } = setup(refusal);
		await expect(manager.set(GUILD, 'ai_chat', false, '1')).resolves.toMatchObject({ enabled: false });
		await expect(manager.reset(GUILD, 'ai_chat', '1')).resolves.toMatchObject({ enabled: false });
		expect(refusal).not.toHaveBeenCalled();
	});

	it('GIVEN the plugin has nothing against it (null) THEN it is enabled, and the check was asked for this guild', async () => {
		const refusal = jest.fn(async () => null);
		const { manager } = setup(refusal);
		await expect(manager.set(GUILD, 'ai_chat', true, '1')).resolves.toMatchObject({ enabled: true, changed: true });
		expect(refusal).toHaveBeenCalledWith(GUILD);
	});

	it('GIVEN the check throws THEN it is logged and the feature is enabled rather than locked out', async () => {
		const { manager, errors } = setup(() => {
			throw new Error('broken check');
		});
		await expect(manager.set(GUILD, 'ai_chat', true, '1')).resolves.toMatchObject({ enabled: true });
		expect(String(errors[0]?.[0])).toContain('enable check of ai_chat failed');
	});

	it('GIVEN a manifest whose enableRefusal is not a function THEN definePlugin refuses it with one line', () => {
		expect(() =>
			definePlugin({ name: 'bad', category: 'x', description: 'd', version: '1.0.0', enableRefusal: 'nope' as unknown as () => null })
		).toThrow('Plugin "bad" has an enableRefusal that is not a function');
	});
});
