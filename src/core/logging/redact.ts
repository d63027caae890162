/**
 * Removes secrets from text before it is logged anywhere. Logs get copied into bug reports and chat, so the rule is
 * that nothing written by the logger may be enough to take over the bot or its database.
 */

const REDACTED = '***';

/** Registered values shorter than this are ignored: redacting "a" or "" would shred every line and hide nothing. */
const MIN_SECRET_LENGTH = 4;

const secrets = new Set<string>();

// Colour codes may sit between a header name and its value when objects are inspected for the console.
const ANSI = '(?:\\u001b\\[[0-9;]*m)*';

const PATTERNS: readonly [RegExp, string | ((substring: string, ...groups: string[]) => string)][] = [
	// Discord bot tokens: base64(user id) . base64(timestamp) . HMAC, whatever their source (env, errors, REST dumps).
	[/(?<![\w-])[\w-]{23,28}\.[\w-]{6,7}\.[\w-]{27,}(?![\w-])/g, '[redacted token]'],
	// Legacy MFA user tokens.
	[/(?<![\w-])mfa\.[\w-]{20,}/g, '[redacted token]'],
	// Credentials in URLs: postgresql://user:pass@host → postgresql://user:***@host.
	[/\b([a-z][a-z0-9+.-]*:\/\/[^:/\s@]*:)[^@\s]+@/gi, `$1${REDACTED}@`],
	// Authorization headers in any rendering: `Authorization: Bot x`, `"authorization":"Bearer x"`, `{ Authorization: 'Bot x' }`.
	[
		new RegExp(`(authorization${ANSI}['"]?${ANSI}\\s*[:=]\\s*${ANSI}['"]?)((?:bot|bearer|basic)\\s+)?[^\\s'",}\\u001b]+`, 'gi'),
		(_match, prefix, scheme) => `${prefix}${scheme ?? ''}${REDACTED}`
	]
];

/** Adds a value (a token, an API key) that must never appear in a log line. */
export function registerSecret(value: string | undefined | null): void {
	const secret = value?.trim();
	if (secret && secret.length >= MIN_SECRET_LENGTH) secrets.add(secret);
}

/** Forgets every registered secret; for tests, which register throwaway values. */
export function clearRegisteredSecrets(): void {
	secrets.clear();
}

/** The text with every registered secret and every known secret shape replaced. */
export function redact(text: string): string {
	let out = text;
	// Longest first, so a secret that contains another is removed whole.
	for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
		if (out.includes(secret)) out = out.split(secret).join(REDACTED);
	}
	for (const [pattern, replacement] of PATTERNS) {
		out = typeof replacement === 'string' ? out.replace(pattern, replacement) : out.replace(pattern, replacement);
	}
	return out;
}
