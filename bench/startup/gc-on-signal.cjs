// Preloaded into both bench/startup subjects: SIGUSR2 runs two full garbage collections, so RSS is compared after the
// same clean-up on both sides instead of depending on when V8 happened to collect, then prints `HEAP {json}`
// (process.memoryUsage() after the GCs, bytes) on stdout for the parent's heap figure.
// `gc` is switched on only then, not with --expose-gc on the command line: V8 accepts a code cache only under the flags
// it was made with, so --expose-gc would make Tika compile its module pack (src/core/module-pack.ts) instead of loading
// the build's cache, which a production start does not do.
let gc = null;
process.on('SIGUSR2', () => {
	if (!gc) {
		require('node:v8').setFlagsFromString('--expose-gc');
		gc = require('node:vm').runInNewContext('gc');
	}
	gc();
	gc();
	process.stdout.write(`HEAP ${JSON.stringify(process.memoryUsage())}\n`);
});
