// Preloaded into a Tika process by tests/e2e/v8-flags-process.test.ts: records the flags given to v8.setFlagsFromString
// and, when the process compiles its first WebAssembly module (Prisma's query compiler, as the database opens), prints
// `WASM-COMPILED {"flagsSetBefore":[...]}` on stdout.
/* global WebAssembly */
const v8 = require('node:v8');

const flagsSet = [];
const setFlagsFromString = v8.setFlagsFromString;
v8.setFlagsFromString = (flags) => {
	flagsSet.push(flags);
	return setFlagsFromString(flags);
};

let reported = false;
function report() {
	if (reported) return;
	reported = true;
	process.stdout.write(`WASM-COMPILED ${JSON.stringify({ flagsSetBefore: [...flagsSet] })}\n`);
}
const OriginalModule = WebAssembly.Module;
WebAssembly.Module = class Module extends OriginalModule {
	constructor(bytes, ...rest) {
		report();
		super(bytes, ...rest);
	}
};
for (const name of ['compile', 'instantiate', 'compileStreaming', 'instantiateStreaming']) {
	const original = WebAssembly[name];
	WebAssembly[name] = (...args) => {
		report();
		return original.apply(WebAssembly, args);
	};
}
