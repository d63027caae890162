'use strict';
/**
 * `npm run build` step after copy-assets: writes dist/module-pack/, the modules a start loads, packed into two scripts
 * with a V8 code cache, for src/core/module-pack.ts (imported first by src/index.ts).
 *
 * A start of the compiled bot loads ≈ 1,300 CommonJS modules (Tika's own ≈ 300 from dist/, the rest from
 * node_modules). Node resolves, reads and compiles each one separately; the pack replaces that with two file reads
 * and a code-cache deserialisation. Each module stays a module of its own: it is registered under its real file name
 * in Node's module cache when something requires it, with its own `exports`, `__filename` and `__dirname`, so
 * singletons stay single, piece locations (hence plugin ownership) are unchanged, and a module the pack does not hold
 * loads as always.
 *
 * Which modules: those loaded by requiring what dist/index.js imports, every plugin manifest and every piece file
 * (the store folders of dist/core and dist/plugins/*), done in a child process (`--list`) that records
 * `require.cache` and how each `require` was resolved. Left out: the entry points, modules with a dynamic `import()`
 * (its specifier would resolve from the pack, not from the module), and modules that read file names off the call
 * stack (`bindings` and the native packages calling it), which would see the pack's.
 *
 * The scripts: `[(function (exports, require, module, __filename, __dirname) {<the module's text>}), ...]`, each module
 * starting on a line of its own so that a line of the pack maps back to the module's own line (src/core/module-pack.ts
 * rewrites stack traces with that). ASCII-only modules and the others go into separate scripts so the first stays a
 * one-byte string in V8. The parenthesised functions are compiled eagerly, so the code cache, made here, holds every
 * module's top-level code.
 * Plain CommonJS: it runs after tsc, with nothing compiled needed.
 */
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { tmpdir } = require('node:os');
const { isAbsolute, join, relative, sep } = require('node:path');
const vm = require('node:vm');
const { Buffer } = require('node:buffer');

/** Store folders (Sapphire's and Tika's stores) whose files are pieces, loaded at start. */
const STORE_FOLDERS = [
	'arguments',
	'commands',
	'interaction-handlers',
	'listeners',
	'message-handlers',
	'preconditions',
	'scheduled-tasks',
	'services'
];
/** The parameters Node gives a CommonJS module. */
const PARAMETERS = ['exports', 'require', 'module', '__filename', '__dirname'];
const FORMAT = 1;
/** A character outside ASCII: such a module goes into the second script (a two-byte string in V8). */
const NON_ASCII = /[\u0080-\uffff]/;
/** Where the pack goes, relative to dist/. */
const PACK_DIR = 'module-pack';

/** Whether the code (comments aside: type annotations such as `@type {import('x').Y}` are common) calls `import()`. */
function hasDynamicImport(source) {
	const pattern = /\bimport\s*\(/;
	if (!pattern.test(source)) return false;
	try {
		// esbuild (a devDependency, present at build time) drops the comments; a string holding "import(" errs on the safe side.
		const { code } = require('esbuild').transformSync(source, {
			loader: 'js',
			minifyWhitespace: true,
			legalComments: 'none',
			logLevel: 'silent'
		});
		return pattern.test(code);
	} catch {
		return true;
	}
}

/** Why a module is left out of the pack, or null when it can be packed. */
function exclusionReason(source) {
	if (hasDynamicImport(source)) return 'dynamic import()';
	if (/prepareStackTrace|\brequire\(\s*['"](?:bindings|node-gyp-build)['"]\s*\)/.test(source)) return 'reads file names off the call stack';
	try {
		vm.compileFunction(source, PARAMETERS);
	} catch (error) {
		return `does not compile as a module body (${String(error && error.message).split('\n')[0]})`;
	}
	return null;
}

/** The files a start requires first: dist/index.js's own top-level requires, the plugin manifests and every piece file. */
function startupEntries(dist) {
	const entries = [];
	const indexFile = join(dist, 'index.js');
	const requireFromIndex = Module.createRequire(indexFile);
	for (const [, specifier] of readFileSync(indexFile, 'utf8').matchAll(/^(?:(?:const|let|var) \w+ = )?(?:__import\w+\()?require\("([^"]+)"\)/gm)) {
		if (!Module.isBuiltin(specifier)) entries.push(requireFromIndex.resolve(specifier));
	}
	const pieces = (folder) => {
		if (!existsSync(folder)) return;
		for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
			const path = join(folder, entry.name);
			if (entry.isDirectory()) pieces(path);
			else if (entry.isFile() && /\.c?js$/.test(entry.name)) entries.push(path);
		}
	};
	for (const store of STORE_FOLDERS) pieces(join(dist, 'core', store));
	const plugins = join(dist, 'plugins');
	if (existsSync(plugins)) {
		for (const plugin of readdirSync(plugins, { withFileTypes: true })) {
			if (!plugin.isDirectory()) continue;
			const manifest = join(plugins, plugin.name, 'plugin.js');
			if (existsSync(manifest)) entries.push(manifest);
			for (const store of STORE_FOLDERS) pieces(join(plugins, plugin.name, store));
		}
	}
	return entries;
}

/**
 * Child process: requires the start-up entries and writes what got loaded, in load order, and how every require between
 * two loaded files resolved. Requiring a piece only defines its class; nothing is started.
 */
function listMode(root, out) {
	const dist = join(root, 'dist');
	const resolutions = {};
	// Every require of a module, not just those Node resolves afresh (it caches a request per directory).
	const requireModule = Module.prototype.require;
	Module.prototype.require = function (request) {
		const exports = requireModule.call(this, request);
		if (this.filename && !Module.isBuiltin(request)) (resolutions[this.filename] ??= {})[request] = Module._resolveFilename(request, this, false);
		return exports;
	};
	const failed = [];
	for (const file of startupEntries(dist)) {
		try {
			require(file);
		} catch (error) {
			failed.push(`${relative(root, file)}: ${String(error && error.message).split('\n')[0]}`);
		}
	}
	// And what constructing the client loads (discord.js requires its gateway actions in its constructor). Constructing it
	// connects nothing.
	try {
		const { SapphireClient } = Module.createRequire(join(dist, 'index.js'))('@sapphire/framework');
		new SapphireClient({ intents: [], baseUserDirectory: null });
	} catch (error) {
		failed.push(`a client: ${String(error && error.message).split('\n')[0]}`);
	}
	writeFileSync(out, JSON.stringify({ modules: Object.keys(require.cache), resolutions, failed }));
	// Whatever a module started (a timer, a handle) must not keep the build waiting.
	process.exit(0);
}

/** Lines of `text` as V8 numbers them: one more than its line terminators (\r\n counts once). */
function lineCount(text) {
	return (text.match(/\r\n|[\n\r\u2028\u2029]/g) ?? []).length + 1;
}

/** Key of a file in the manifest: relative to the project root (POSIX separators) when inside it, else absolute. */
function keyOf(root, file) {
	const path = relative(root, file);
	return path.startsWith('..') || isAbsolute(path) ? file : path.split(sep).join('/');
}

/** Runs the `--list` child for `root` and returns what it found. */
function listStartupModules(root) {
	const scratch = mkdtempSync(join(tmpdir(), 'tika-module-pack-'));
	try {
		const out = join(scratch, 'modules.json');
		const child = spawnSync(process.execPath, [module.filename, '--list', root, out], {
			cwd: root,
			env: { ...process.env, NODE_ENV: 'production' },
			stdio: ['ignore', 'ignore', 'inherit'],
			timeout: 120_000
		});
		if (child.status !== 0 || !existsSync(out)) throw new Error(`listing the start-up modules failed (exit ${child.status ?? child.signal})`);
		return JSON.parse(readFileSync(out, 'utf8'));
	} finally {
		rmSync(scratch, { recursive: true, force: true });
	}
}

/**
 * Builds dist/module-pack/ for the project at `root` (its dist/ compiled). Returns a summary; throws only on a broken
 * build.
 */
function buildModulePack(root) {
	const dist = join(root, 'dist');
	const packDir = join(dist, PACK_DIR);
	rmSync(packDir, { recursive: true, force: true });

	const listed = listStartupModules(root);

	// The entry points run before the pack is installed, and the child's own script is not part of the bot.
	const entryPoints = new Set([join(dist, 'index.js'), join(dist, 'shard.js'), join(dist, 'core', 'module-pack.js'), module.filename]);
	const modules = [];
	const excluded = [];
	for (const file of listed.modules) {
		if (!/\.c?js$/.test(file) || entryPoints.has(file) || !existsSync(file)) continue;
		const source = readFileSync(file, 'utf8');
		const reason = exclusionReason(source);
		if (reason) excluded.push({ file: keyOf(root, file), reason });
		else modules.push({ file, source, stat: statSync(file) });
	}
	const groups = [
		['ascii', modules.filter((member) => !NON_ASCII.test(member.source))],
		['unicode', modules.filter((member) => NON_ASCII.test(member.source))]
	].filter(([, members]) => members.length > 0);
	/** A module's id: its place in the pack, scripts in order. The manifest's `requires` name their targets by id. */
	const ids = new Map(groups.flatMap(([, members]) => members).map((member, index) => [member.file, index]));

	mkdirSync(packDir, { recursive: true });
	const scripts = [];
	let bytes = 0;
	let cacheBytes = 0;
	for (const [name, members] of groups) {
		const chunks = ['// Generated by scripts/build/module-pack.cjs: modules of this build, loaded by src/core/module-pack.ts.\n[\n'];
		/** Lines so far, counted as V8 counts them for stack traces (LF, CR, CRLF, U+2028 and U+2029 each end one). */
		let line = 3;
		const entries = [];
		for (const member of members) {
			const text = member.source
				// A hashbang is only valid at the very start of a file: keep the line, drop its text.
				.replace(/^#!.*/, '')
				// A source map comment would point a debugger at the module's map from inside the pack: keep the line, drop it.
				.replace(/^\/\/# sourceMappingURL=.*$/gm, '');
			const key = keyOf(root, member.file);
			chunks.push(`// ${key}\n(function (${PARAMETERS.join(', ')}) {\n`, text, '\n}),\n');
			const lines = lineCount(text);
			entries.push({
				file: key,
				line: line + 2,
				lines,
				size: member.stat.size,
				mtimeMs: member.stat.mtimeMs,
				requires: Object.fromEntries(
					Object.entries(listed.resolutions[member.file] ?? {})
						.filter(([, target]) => ids.has(target))
						.map(([request, target]) => [request, ids.get(target)])
				)
			});
			line += 3 + lines;
		}
		chunks.push(']\n');
		const text = chunks.join('');
		const scriptFile = join(packDir, `${name}.js`);
		const script = new vm.Script(text, { filename: scriptFile });
		const cache = script.createCachedData();
		writeFileSync(scriptFile, text);
		writeFileSync(join(packDir, `${name}.cache`), cache);
		bytes += Buffer.byteLength(text);
		cacheBytes += cache.length;
		// Reading pure ASCII as latin1 skips UTF-8 decoding; the text is the same.
		scripts.push({ script: `${name}.js`, encoding: name === 'ascii' ? 'latin1' : 'utf8', cache: `${name}.cache`, modules: entries });
	}
	const manifest = { format: FORMAT, node: process.version, v8: process.versions.v8, scripts };
	writeFileSync(join(packDir, 'index.json'), JSON.stringify(manifest));
	return { packed: modules.length, excluded, failed: listed.failed ?? [], bytes, cacheBytes };
}

module.exports = { buildModulePack, exclusionReason, startupEntries, STORE_FOLDERS, PACK_DIR };

if (require.main === module) {
	if (process.argv[2] === '--list') listMode(process.argv[3], process.argv[4]);
	else {
		const root = join(__dirname, '..', '..');
		const { packed, excluded, failed, bytes, cacheBytes } = buildModulePack(root);
		const mib = (n) => (n / 1024 / 1024).toFixed(1);
		console.log(
			`Packed ${packed} start-up module(s) into dist/${PACK_DIR} (${mib(bytes)} MiB of code, ${mib(cacheBytes)} MiB of code cache; ${excluded.length} left to Node's loader)`
		);
		for (const failure of failed) console.warn(`module-pack: could not require ${failure} (its modules load as usual)`);
	}
}
