import { actionLabel, buildCaseEmbed, detailLabel, formatDetail } from '../../../src/plugins/moderation/lib/caseEmbed';

describe('mod-log case embeds', () => {
	it('GIVEN a detention case THEN the embed shows number, action, target, moderator, reason, details and time', () => {
		const createdAt = new Date('2026-01-02T03:04:05Z');
		const embed = buildCaseEmbed({
			guildId: '1',
			number: 7,
			action: 'detention_put',
			targetId: '222',
			moderatorId: '333',
			reason: 'spam',
			details: { savedRoles: ['444', '555'], duration: '2h' },
			createdAt
		}).toJSON();
		expect(embed.title).toBe('Case #7 · Detention');
		const fields = Object.fromEntries(embed.fields!.map((field) => [field.name, field.value]));
		expect(fields).toMatchObject({
			Target: '<@222> (222)',
			Moderator: '<@333> (333)',
			Reason: 'spam',
			'Saved roles': '<@&444> <@&555>',
			Duration: '2h',
			When: `<t:${Math.floor(createdAt.getTime() / 1000)}:R>`
		});
		expect(embed.timestamp).toBe(createdAt.toISOString());
	});

	it('GIVEN a case without target or reason THEN both read as absent', () => {
		const fields = buildCaseEmbed({
			guildId: '1',
			number: 1,
			action: 'clear',
			targetId: null,
			moderatorId: '3',
			reason: null,
			details: null,
			createdAt: new Date()
		}).toJSON().fields!;
		expect(fields.find((field) => field.name === 'Target')!.value).toBe('—');
		expect(fields.find((field) => field.name === 'Reason')!.value).toBe('No reason given');
	});

	it('GIVEN known and unknown actions THEN they get readable labels', () => {
		expect(actionLabel('detention_release')).toBe('Release from detention');
		expect(actionLabel('filter_hit')).toBe('Word filter');
		expect(actionLabel('clear')).toBe('Messages cleared');
		expect(actionLabel('user_warned')).toBe('User warned');
	});

	it('GIVEN detail values THEN they are formatted by their key', () => {
		expect(detailLabel('restoredRoles')).toBe('Restored roles');
		expect(formatDetail('restoredRoles', [])).toBe('none');
		expect(formatDetail('channelId', '9')).toBe('<#9>');
		expect(formatDetail('late', true)).toBe('yes');
		expect(formatDetail('deleted', 12)).toBe('12');
	});
});
