import { ArgumentError, Identifiers, UserError, type IArgument } from '@sapphire/framework';
import { ChannelType } from 'discord.js';
import { TikaIdentifiers } from '#core/identifiers';
import { cooldownSeconds, describeCommandError, describeDenial, formatPermissions, type CommandSubject } from '#core/replies/denials';

const slash: CommandSubject = { name: 'roles', label: '/roles', kind: 'chatInput' };
const prefix: CommandSubject = { name: 'roles', label: '!tika roles', kind: 'message' };
const denial = (identifier: string, context: unknown = {}, message = 'precondition message') => ({ identifier, context, message });

describe('describeDenial', () => {
	it('GIVEN a disabled feature THEN it asks for the feature-disabled embed with the feature name', () => {
		expect(describeDenial(denial(TikaIdentifiers.FeatureDisabled, { feature: 'progression' }), slash)).toEqual({
			kind: 'featureDisabled',
			feature: 'progression',
			frustration: 'failure'
		});
	});

	it('GIVEN a feature that needs setup THEN it carries the reason the feature gave', () => {
		expect(describeDenial(denial(TikaIdentifiers.FeatureNeedsSetup, { feature: 'ai_chat', reason: 'Set a key with /ai key.' }), slash)).toEqual({
			kind: 'needsSetup',
			feature: 'ai_chat',
			reason: 'Set a key with /ai key.',
			frustration: 'failure'
		});
	});

	it('GIVEN bot admin and bot owner refusals THEN they use the admin_only and owner_only tables', () => {
		expect(describeDenial(denial(TikaIdentifiers.BotAdminOnly), slash)).toMatchObject({
			category: 'admin_only',
			detail: 'Only bot admins can use `/roles`.'
		});
		expect(describeDenial(denial(TikaIdentifiers.BotOwnerOnly), slash)).toMatchObject({
			category: 'owner_only',
			detail: 'Only the bot owners can use `/roles`.'
		});
	});

	it('GIVEN a cooldown THEN it says in how many whole seconds the command works again AND counts as a cooldown', () => {
		expect(describeDenial(denial(Identifiers.PreconditionCooldown, { remaining: 4_200 }), slash)).toEqual({
			kind: 'line',
			category: 'cooldown',
			detail: 'You can use `/roles` again in 5 seconds.',
			vars: { seconds: 5 },
			frustration: 'cooldown'
		});
		expect(describeDenial(denial(Identifiers.PreconditionCooldown, { remaining: 300 }), slash)).toMatchObject({
			detail: 'You can use `/roles` again in 1 second.'
		});
	});

	it("GIVEN the subcommand plugin's cooldown THEN it reads like any cooldown", () => {
		expect(describeDenial(denial('subcommandPreconditionCooldown', { remaining: 10_000 }), slash)).toMatchObject({
			category: 'cooldown',
			vars: { seconds: 10 }
		});
	});

	it('GIVEN the bot lacks permissions THEN it names them the way Discord does', () => {
		expect(describeDenial(denial(Identifiers.PreconditionClientPermissions, { missing: ['ManageRoles'] }), slash)).toEqual({
			kind: 'line',
			category: 'bot_permission',
			detail: 'I need Manage Roles to do that.',
			vars: { permissions: 'Manage Roles' },
			frustration: 'failure'
		});
	});

	it('GIVEN the user lacks permissions THEN it names them and the command as typed', () => {
		expect(describeDenial(denial(Identifiers.PreconditionUserPermissions, { missing: ['ManageGuild', 'BanMembers'] }), prefix)).toMatchObject({
			category: 'permission',
			detail: 'You need Manage Server and Ban Members to use `!tika roles`.',
			vars: { permissions: 'Manage Server and Ban Members' }
		});
	});

	it('GIVEN a guild-only or NSFW command used in the wrong place THEN it says where the command works', () => {
		expect(describeDenial(denial(Identifiers.PreconditionGuildOnly), slash)).toMatchObject({
			category: 'permission',
			detail: '`/roles` only works in a server.'
		});
		expect(describeDenial(denial(Identifiers.PreconditionNSFW), slash)).toMatchObject({
			detail: '`/roles` only works in age-restricted channels.'
		});
	});

	it('GIVEN a RunIn refusal THEN the allowed channel types decide between server-only, DM-only and this-kind-of-channel', () => {
		const runIn = (types: unknown) => describeDenial(denial(Identifiers.PreconditionRunIn, { types }), slash);
		expect(runIn([ChannelType.GuildText, ChannelType.GuildAnnouncement])).toMatchObject({ detail: '`/roles` only works in a server.' });
		expect(runIn([ChannelType.DM])).toMatchObject({ detail: '`/roles` only works in DMs.' });
		expect(runIn({ chatInputRun: [ChannelType.DM], messageRun: [], contextMenuRun: [] })).toMatchObject({
			detail: '`/roles` only works in DMs.'
		});
		expect(runIn([ChannelType.DM, ChannelType.GuildText])).toMatchObject({ detail: "`/roles` doesn't work in this kind of channel." });
	});

	it("GIVEN a plugin's own precondition THEN its message is shown, since Sapphire messages are written for users", () => {
		expect(describeDenial(denial('somePluginCheck', {}, 'You must link your account first.'), slash)).toMatchObject({
			category: 'permission',
			detail: 'You must link your account first.'
		});
	});
});

describe('describeCommandError', () => {
	const integer = { name: 'integer' } as IArgument<number>;

	it('GIVEN a missing prefix argument THEN it is the user’s fault and points at /help', () => {
		const error = new UserError({ identifier: Identifiers.ArgsMissing, message: 'There are no more arguments.' });
		expect(describeCommandError(error, prefix)).toMatchObject({
			category: 'user_fault',
			detail: '`!tika roles` needs more than that. See `/help roles`.',
			vars: { command: '!tika roles' }
		});
	});

	it('GIVEN an argument that does not parse THEN it quotes what the user gave', () => {
		const error = new ArgumentError({
			argument: integer,
			parameter: 'twelve',
			identifier: Identifiers.ArgumentIntegerError,
			message: 'Not an integer.'
		});
		expect(describeCommandError(error, prefix)).toMatchObject({ category: 'user_fault', detail: "`twelve` doesn't work there: Not an integer." });
	});

	it('GIVEN a UserError thrown by a command THEN its message is the detail', () => {
		expect(describeCommandError(new UserError({ identifier: 'x', message: 'That role is above mine.' }), slash)).toMatchObject({
			detail: 'That role is above mine.'
		});
	});

	it('GIVEN any other error THEN it is not the user’s fault (null: the caller reports it with an error id)', () => {
		expect(describeCommandError(new TypeError('undefined is not a function'), slash)).toBeNull();
		expect(describeCommandError('a string', slash)).toBeNull();
	});
});

describe('helpers', () => {
	it('formats permission lists as prose', () => {
		expect(formatPermissions([])).toBe('');
		expect(formatPermissions(['KickMembers'])).toBe('Kick Members');
		expect(formatPermissions(['KickMembers', 'BanMembers', 'ManageGuild'])).toBe('Kick Members, Ban Members and Manage Server');
	});

	it('never reports a cooldown of 0 seconds', () => {
		expect(cooldownSeconds(0)).toBe(1);
		expect(cooldownSeconds(1_001)).toBe(2);
		expect(cooldownSeconds(undefined)).toBe(1);
	});
});
