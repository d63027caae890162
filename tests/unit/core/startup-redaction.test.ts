import { parseEnv } from '#core/env';
import { clearRegisteredSecrets, redact } from '#core/logging/index';
import { databasePasswords, registerEnvSecrets } from '#core/logging/secrets';
import { describeStartupFailure } from '#core/startup-failure';

describe('secrets in start-up failures', () => {
	afterEach(() => clearRegisteredSecrets());

	it('GIVEN a PostgreSQL URL THEN its password is registered as a secret, raw and decoded, when the environment is read (src/index.ts does it first thing)', () => {
		registerEnvSecrets(parseEnv({ DATABASE_URL: 'postgresql://tika:p%40ss-w0rd@db.example:5432/tika' }, { requireToken: false }));
		expect(redact('login failed with p@ss-w0rd')).toBe('login failed with ***');
		expect(redact('the URL had p%40ss-w0rd in it')).toBe('the URL had *** in it');
	});

	it('GIVEN DISCORD_TOKEN THEN it is registered as a secret when read, whatever its shape', () => {
		registerEnvSecrets(parseEnv({ DISCORD_TOKEN: 'not-a-real-token-shape' }, { requireToken: true }));
		expect(redact('rejected not-a-real-token-shape')).toBe('rejected ***');
	});

	it('GIVEN an unexpected error quoting the password THEN "Start-up failed" goes through the redactor', () => {
		registerEnvSecrets(parseEnv({ DATABASE_URL: 'postgresql://tika:hunter2hunter2@127.0.0.1/tika' }, { requireToken: false }));
		expect(describeStartupFailure(new Error('auth hunter2hunter2 refused\nstack…'))).toBe('Start-up failed: auth *** refused');
		expect(describeStartupFailure(new Error('cannot use postgresql://other:secret@host/db'))).toBe(
			'Start-up failed: cannot use postgresql://other:***@host/db'
		);
	});

	it('GIVEN URLs without a password THEN there is nothing to register', () => {
		expect(databasePasswords('postgresql://tika@127.0.0.1/tika')).toEqual([]);
		expect(databasePasswords('file:./data/tika.db')).toEqual([]);
		expect(databasePasswords('postgres://u:a%ZZb@h/d')).toEqual(['a%ZZb']);
	});
});
