/**
 * The environment's secrets, registered with the redactor as soon as the environment is read: every line Tika prints
 * passes the redactor, which then removes these values wherever they appear, not only where a pattern recognises them
 * (a URL's password, a token's shape). A driver error that quotes the password on its own is caught this way.
 */
import { registerSecret } from './redact';

/** Registers DISCORD_TOKEN and the database password (as written in the URL and decoded). */
export function registerEnvSecrets(env: { token?: string | undefined; databaseUrl: string }): void {
	registerSecret(env.token);
	for (const secret of databasePasswords(env.databaseUrl)) registerSecret(secret);
}

/** The password of a database URL as written (percent-encoded) and as sent to the server (decoded); none for file: URLs. */
export function databasePasswords(url: string): string[] {
	const raw = /^[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:([^@\s]*)@/i.exec(url)?.[1];
	if (!raw) return [];
	let decoded = raw;
	try {
		decoded = decodeURIComponent(raw);
	} catch {
		// Not valid percent-encoding: the raw text is what a log line could contain.
	}
	return [...new Set([raw, decoded])];
}
