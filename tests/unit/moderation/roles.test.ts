import { planRestore, planSave, readSavedRoles, type RoleInfo } from '../../../src/plugins/moderation/lib/roles';

const GUILD = '100000000000000000';
const DETENTION = '100000000000000099';
const role = (id: string, position: number, managed = false): RoleInfo => ({ id, position, managed });

describe('which roles detention saves and restores', () => {
	it('GIVEN a member with @everyone, normal, managed and the detention role THEN only the normal roles are saved and managed ones stay', () => {
		const plan = planSave([role(GUILD, 0), role('1', 3), role('2', 4), role('booster', 2, true), role(DETENTION, 1)], {
			guildId: GUILD,
			detentionRoleId: DETENTION
		});
		expect(plan).toEqual({ save: ['1', '2'], keep: ['booster'] });
	});

	it('GIVEN a member with no roles THEN nothing is saved', () => {
		expect(planSave([role(GUILD, 0)], { guildId: GUILD, detentionRoleId: DETENTION })).toEqual({ save: [], keep: [] });
	});

	it('GIVEN saved roles of which one was deleted, one is now above the bot, one equals the bot and one became managed THEN only the assignable one is restored', () => {
		const guildRoles = new Map([role('ok', 2), role('high', 9), role('same', 5), role('managed', 1, true)].map((entry) => [entry.id, entry]));
		expect(planRestore(['ok', 'gone', 'high', 'same', 'managed'], guildRoles, 5)).toEqual({
			restore: ['ok'],
			missing: ['gone'],
			tooHigh: ['high', 'same'],
			managed: ['managed']
		});
	});

	it('GIVEN a saved role listed twice THEN it is restored once', () => {
		expect(planRestore(['a', 'a'], new Map([['a', role('a', 1)]]), 5).restore).toEqual(['a']);
	});

	it('GIVEN the stored JSON THEN only snowflake strings are read as saved roles', () => {
		expect(readSavedRoles(['123456789012345678', 5, null, 'x', '223456789012345678'])).toEqual(['123456789012345678', '223456789012345678']);
		expect(readSavedRoles({ roles: [] })).toEqual([]);
		expect(readSavedRoles(null)).toEqual([]);
	});
});
