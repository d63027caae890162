/**
 * `--help` / `-h` for every script: print the usage on stdout and exit 0, before the script reads `.env`, opens a
 * database or starts anything. A person asking how to use a tool should never get an error, nor a side effect.
 */
export function exitOnHelp(usage: string, argv: readonly string[] = process.argv.slice(2)): void {
	if (!argv.some((arg) => arg === '--help' || arg === '-h')) return;
	process.stdout.write(`${usage.trimEnd()}\n`);
	process.exit(0);
}
