// Preloaded into a compiled Tika process by tests/e2e/module-pack-process.test.ts. On SIGUSR2 it writes to the file
// MODULE_PACK_REPORT, as JSON: the pack's statistics (dist/core/module-pack.js, the very module instance the bot loaded),
// the files in require.cache, and the stack trace of an error thrown inside a packed module (parseEnv); then it prints
// `MODULE-PACK <n>` on stdout, n counting the reports of this process.
const { writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

let reports = 0;
process.on('SIGUSR2', () => {
	const dist = dirname(process.argv[1]);
	const stats = require(join(dist, 'core', 'module-pack.js')).modulePackStats();
	let stack = '';
	try {
		require(join(dist, 'core', 'env.js')).parseEnv({}, { requireToken: true });
	} catch (error) {
		stack = String(error.stack);
	}
	writeFileSync(process.env.MODULE_PACK_REPORT, JSON.stringify({ stats, cached: Object.keys(require.cache), stack }));
	process.stdout.write(`MODULE-PACK ${++reports}\n`);
});
