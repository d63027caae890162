import { inspect } from 'node:util';
import { clearRegisteredSecrets, redact, registerSecret } from '#core/logging/redact';

// Shaped like a real bot token (base64 id . timestamp . HMAC) but not one.
const TOKEN = 'MTA1MjM0NTY3ODkwMTIzNDU2Nw.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789ab';

afterEach(() => clearRegisteredSecrets());

describe('redact', () => {
	test('GIVEN a Discord-shaped token anywhere in the text THEN it is replaced', () => {
		expect(redact(`login with ${TOKEN} failed`)).toBe('login with [redacted token] failed');
	});

	test('GIVEN a database URL with a password THEN only the password is hidden', () => {
		expect(redact('connecting to postgresql://tika:hunter2@127.0.0.1:5432/tika')).toBe('connecting to postgresql://tika:***@127.0.0.1:5432/tika');
		expect(redact('postgres://u:p%40ss@db/x and postgres://nouser@db/x')).toBe('postgres://u:***@db/x and postgres://nouser@db/x');
	});

	test.each([
		['Authorization: Bot abc123', 'Authorization: Bot ***'],
		['"authorization":"Bearer xyz"', '"authorization":"Bearer ***"'],
		["{ Authorization: 'opaque-key' }", "{ Authorization: '***' }"],
		['authorization=Basic dXNlcjpwYXNz', 'authorization=Basic ***']
	])('GIVEN the header %s THEN its value is hidden', (input, output) => {
		expect(redact(input)).toBe(output);
	});

	test('GIVEN headers inspected with colours for the console THEN the value is still hidden', () => {
		const coloured = inspect({ Authorization: 'Bot secret-value' }, { colors: true });

		expect(redact(coloured)).not.toContain('secret-value');
	});

	test('GIVEN a registered secret THEN every occurrence is replaced', () => {
		registerSecret('s3cr3t-api-key');

		expect(redact('key=s3cr3t-api-key, again s3cr3t-api-key')).toBe('key=***, again ***');
	});

	test('GIVEN a secret too short to be meaningful THEN it is ignored rather than shredding every line', () => {
		registerSecret('a');
		registerSecret('');
		registerSecret(undefined);

		expect(redact('a plain line')).toBe('a plain line');
	});

	test('GIVEN text without secrets THEN it is unchanged', () => {
		const text = 'Ready as Tika#0001 in 3 guilds (https://discord.com/api/v10, v1.2.3)';

		expect(redact(text)).toBe(text);
	});
});
