// Preloaded into both bench/startup subjects (with --expose-gc): SIGUSR2 runs two full garbage collections, so RSS is
// compared after the same clean-up on both sides instead of depending on when V8 happened to collect, then prints
// `HEAP {json}` (process.memoryUsage() after the GCs, bytes) on stdout for the parent's heap figure.
process.on('SIGUSR2', () => {
	globalThis.gc();
	globalThis.gc();
	process.stdout.write(`HEAP ${JSON.stringify(process.memoryUsage())}\n`);
});
