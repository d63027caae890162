/**
 * The compiled bot's start-up modules, from the build's module pack: src/index.ts imports this module first.
 *
 * `npm run build` writes dist/module-pack/ (scripts/build/module-pack.cjs): the ≈ 1,400 CommonJS modules a start loads
 * (Tika's own and its packages'), each as a function in one of two scripts, with a V8 code cache made at build time.
 * Here the two scripts are compiled from that cache, and whenever Node's loader comes to load one of those files, the
 * packed function runs instead of the file being read and compiled. Each module is still a module of its own under its
 * real file name (`require.cache`, `__filename`, `__dirname`, `module.children`), so a singleton stays single, Sapphire
 * sees each piece at its own path (plugin ownership comes from that path), and whatever the pack does not hold loads as
 * always. A `require` between two packed modules skips resolution: the build recorded which file it leads to.
 *
 * When the pack is not used: under tsx or jest (there is none: the sources run as they are), with `TIKA_MODULE_PACK=0`,
 * when it was built by another Node.js version, and under Node options it would defeat (`--enable-source-maps`,
 * `--preserve-symlinks`, `--watch`, `--experimental-policy`). A packed file whose size or modification time is not the
 * one built (edited, reinstalled) loads from disk, and each packed module is used once: after `/plugins reload` purged it
 * from `require.cache`, its file is read again, as before.
 *
 * Tools that patch `Module.prototype.require` or `Module._load` (APM agents) do not see the requires between packed
 * modules: run them with `TIKA_MODULE_PACK=0`.
 *
 * Stack traces keep naming the modules' own files and lines: frames inside the pack are rewritten before Node's own
 * `Error.prepareStackTrace` formats them. V8 accepts the code cache only under the V8 flags it was made with (Node's
 * defaults: the build runs a plain `node`); under others, such as `--max-old-space-size`, V8 compiles the scripts instead,
 * which is slower than with the cache but still faster than loading the files one by one (docs/architecture.md).
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import Module from 'node:module';
import { dirname, isAbsolute, join } from 'node:path';
import { Script } from 'node:vm';

/** What scripts/build/module-pack.cjs records for one module. */
interface PackedModule {
	/** Relative to the project root (POSIX separators), or absolute when outside it. */
	file: string;
	/** Line of the pack's script where the module's first line is. */
	line: number;
	lines: number;
	size: number;
	mtimeMs: number;
	/** Requests of this module whose target is packed too, and that target's id (its place in the pack, scripts in order). */
	requires: Record<string, number>;
}

interface Manifest {
	format: number;
	node: string;
	scripts: { script: string; encoding: 'latin1' | 'utf8'; cache: string; modules: PackedModule[] }[];
}

type Factory = (exports: unknown, require: NodeJS.Require, module: NodeJS.Module, filename: string, dirname: string) => void;

/** The parts of Node's CommonJS loader this needs (stable since Node 0.x, though not in its types). */
interface LoaderModule extends NodeJS.Module {
	load(filename: string): void;
}
interface Loader {
	new (id: string, parent?: NodeJS.Module): LoaderModule;
	_extensions: Record<string, ((module: LoaderModule, filename: string) => void) | undefined>;
	_cache: Record<string, LoaderModule | undefined>;
	_resolveFilename(request: string, parent: NodeJS.Module, isMain: boolean, options?: { paths?: string[] }): string;
	_resolveLookupPaths(request: string, parent: NodeJS.Module): string[] | null;
}

interface Entry {
	factory: Factory;
	size: number;
	mtimeMs: number;
	requires: Record<string, number>;
}

export interface ModulePackStats {
	/** Whether the pack is installed; `reason` says why not. */
	active: boolean;
	reason?: string;
	/** Modules the pack holds. */
	packed: number;
	/** Whether V8 turned the code cache down (other V8 flags): the scripts were compiled instead. */
	cacheRejected: boolean;
	/** Files run from the pack, in load order. */
	loaded: string[];
	/** Packed files that had changed on disk, loaded from there instead. */
	stale: string[];
}

const FORMAT = 1;
/** dist/module-pack beside dist/core; under tsx it would be src/module-pack, which never exists. */
export const MODULE_PACK_DIR = join(__dirname, '..', 'module-pack');
const PARAMETER_COUNT = 5;
/** Node options under which the pack would change behaviour: source-mapped stacks, symlinked paths, watch mode, policies. */
const UNSUPPORTED_OPTIONS = /--(?:enable-source-maps|preserve-symlinks|watch|experimental-policy)\b/;

const loader = Module as unknown as Loader;
const stats: ModulePackStats = { active: false, packed: 0, cacheRejected: false, loaded: [], stale: [] };

export function modulePackStats(): ModulePackStats {
	return { ...stats, loaded: [...stats.loaded], stale: [...stats.stale] };
}

/** Why the pack in `directory` must not be used in this process, or null. */
function refusal(): string | null {
	if (process.env.TIKA_MODULE_PACK === '0') return 'TIKA_MODULE_PACK=0';
	if ((process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled) return 'source maps are enabled';
	if (process.env.NODE_PRESERVE_SYMLINKS === '1') return 'NODE_PRESERVE_SYMLINKS=1';
	const options = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
	const unsupported = UNSUPPORTED_OPTIONS.exec(options);
	return unsupported ? `${unsupported[0]} is set` : null;
}

/** `WebAssembly.Memory`, which the project's type library (ES2023, no DOM) does not declare. */
const WasmMemory = (globalThis as unknown as { WebAssembly: { Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer } } })
	.WebAssembly.Memory;

/**
 * A file's bytes in a Buffer over a `WebAssembly.Memory` instead of a malloc'd one, for the pack's large files read once
 * at start-up (the scripts' text and their code caches, ≈ 10 MB): V8 maps such a memory's pages itself and unmaps them
 * once it is garbage, while glibc keeps the freed space of large malloc'd Buffers in its main arena for the life of the
 * process. Measured with the bench's world (docs/architecture.md, "Where Tika's memory goes"): the main arena
 * 11.9–12.3 MB → 8.2–9.8 MB after the bench's GCs, RSS ≈ 2–4 MiB lower. The same reason as the Prisma query
 * compiler's loader (`patchWasmLoader` in scripts/db/generate.ts). Throws if the file ends before the size it had when
 * opened.
 */
export function readOutsideMalloc(file: string): Buffer {
	const fd = openSync(file, 'r');
	try {
		const { size } = fstatSync(fd);
		const memory = new WasmMemory({ initial: Math.ceil(size / 65_536) });
		const bytes = Buffer.from(memory.buffer, 0, size);
		let read = 0;
		while (read < size) {
			const chunk = readSync(fd, bytes, read, size - read, read);
			if (chunk === 0) break;
			read += chunk;
		}
		if (read !== size) throw new Error(`${file} is shorter than when it was opened`);
		return bytes;
	} finally {
		closeSync(fd);
	}
}

function readManifest(directory: string): Manifest | string {
	let text: string;
	try {
		text = readFileSync(join(directory, 'index.json'), 'utf8');
	} catch {
		return 'no module pack (not a build)';
	}
	const manifest = JSON.parse(text) as Manifest;
	if (manifest.format !== FORMAT) return `module pack format ${manifest.format}, expected ${FORMAT}`;
	if (manifest.node !== process.version) return `module pack built by Node.js ${manifest.node}, running ${process.version}`;
	return manifest;
}

/**
 * Installs the pack found in `directory` (dist/module-pack). Returns false, with the reason in {@link modulePackStats},
 * when there is none or it must not be used. Done once, on import, before anything else loads.
 */
export function installModulePack(directory = MODULE_PACK_DIR, root = join(directory, '..', '..')): boolean {
	if (stats.active) return true;
	try {
		const refused = refusal() ?? readManifest(directory);
		if (typeof refused === 'string') stats.reason = refused;
		else install(refused, directory, root);
	} catch (error) {
		// A damaged pack must not stop the bot: every module then loads from its file, as without a build.
		stats.reason = `module pack unusable: ${String(error instanceof Error ? error.message : error).split('\n')[0]}`;
	}
	return stats.active;
}

/** Compiles the pack's scripts, then (only if all went well) hooks Node's loader and the stack trace formatting. */
function install(manifest: Manifest, directory: string, root: string): void {
	const absolute = (key: string) => (isAbsolute(key) ? key : join(root, key));

	const entries = new Map<string, Entry>();
	/** Absolute file names by id. */
	const files: string[] = [];
	const spans = new Map<string, { line: number; lines: number; file: string }[]>();
	for (const { script, encoding, cache, modules } of manifest.scripts) {
		const filename = join(directory, script);
		const compiled = new Script(readOutsideMalloc(filename).toString(encoding), {
			filename,
			cachedData: readOutsideMalloc(join(directory, cache))
		});
		stats.cacheRejected ||= compiled.cachedDataRejected === true;
		const factories = compiled.runInThisContext() as Factory[];
		if (!Array.isArray(factories) || factories.length !== modules.length || factories.some((factory) => factory.length !== PARAMETER_COUNT)) {
			throw new Error(`${script} does not match its index`);
		}
		const first = files.length;
		for (const module of modules) files.push(absolute(module.file));
		modules.forEach((module, index) => {
			entries.set(files[first + index]!, { factory: factories[index]!, size: module.size, mtimeMs: module.mtimeMs, requires: module.requires });
		});
		spans.set(
			filename,
			modules.map((module, index) => ({ line: module.line, lines: module.lines, file: files[first + index]! }))
		);
	}

	/** Loads a file the build resolved (a packed module): what `Module._load` does once it has a file name. */
	const loadResolved = (filename: string, parent: NodeJS.Module): unknown => {
		const cached = loader._cache[filename];
		if (cached !== undefined) {
			if (!parent.children.includes(cached)) parent.children.push(cached);
			return cached.exports;
		}
		const module = new loader(filename, parent);
		loader._cache[filename] = module;
		let threw = true;
		try {
			module.load(filename);
			threw = false;
		} finally {
			if (threw) {
				delete loader._cache[filename];
				const index = parent.children.indexOf(module);
				if (index !== -1) parent.children.splice(index, 1);
			}
		}
		return module.exports;
	};

	/** The `require` a module gets from Node (internal/modules/helpers makeRequireFunction), plus the recorded resolutions. */
	const requireFor = (module: NodeJS.Module, requires: Record<string, number>): NodeJS.Require => {
		const require = ((request: string) => {
			const target = requires[request];
			return target === undefined ? module.require(request) : loadResolved(files[target]!, module);
		}) as NodeJS.Require;
		const resolve = ((request: string, options?: { paths?: string[] }) =>
			loader._resolveFilename(request, module, false, options)) as NodeJS.RequireResolve;
		resolve.paths = (request: string) => loader._resolveLookupPaths(request, module);
		require.resolve = resolve;
		// process.mainModule is what Node itself gives every require.main.
		require.main = process.mainModule;
		require.extensions = loader._extensions as NodeJS.Require['extensions'];
		require.cache = loader._cache as NodeJS.Require['cache'];
		return require;
	};

	const unchanged = (filename: string, entry: Entry): boolean => {
		const stat = statSync(filename, { throwIfNoEntry: false });
		return stat !== undefined && stat.size === entry.size && stat.mtimeMs === entry.mtimeMs;
	};

	// Node runs `.cjs` files through the `.js` handler too (no handler of their own).
	const previous = loader._extensions['.js']!;
	loader._extensions['.js'] = function packedModule(this: unknown, module: LoaderModule, filename: string) {
		const entry = entries.get(filename);
		if (entry === undefined) return previous.call(this, module, filename);
		entries.delete(filename);
		if (!unchanged(filename, entry)) {
			stats.stale.push(filename);
			return previous.call(this, module, filename);
		}
		stats.loaded.push(filename);
		entry.factory.call(module.exports, module.exports, requireFor(module, entry.requires), module, filename, dirname(filename));
	};
	installStackMapping(spans);
	stats.active = true;
	stats.packed = entries.size;
}

/**
 * Rewrites stack frames inside the pack (`dist/module-pack/ascii.js:1234:5`) to the module's own file and line
 * (`dist/core/client.js:56:5`; columns are the module's own already), then formats the trace as before: Node's own
 * `Error.prepareStackTrace` (Node 20 has one) gets the frames, with `getFileName`, `getLineNumber` and `toString`
 * answering for the module.
 */
function installStackMapping(spans: Map<string, { line: number; lines: number; file: string }[]>): void {
	type Format = (error: Error, trace: NodeJS.CallSite[]) => unknown;
	const format = (Error as { prepareStackTrace?: Format }).prepareStackTrace;
	const errorToString = Error.prototype.toString;
	const locate = (frame: NodeJS.CallSite): NodeJS.CallSite => {
		const script = frame.getFileName();
		const modules = script ? spans.get(script) : undefined;
		const line = frame.getLineNumber();
		if (!modules || line === null) return frame;
		let low = 0;
		let high = modules.length - 1;
		while (low <= high) {
			const middle = (low + high) >> 1;
			const module = modules[middle]!;
			if (line < module.line) high = middle - 1;
			else if (line >= module.line + module.lines) low = middle + 1;
			else return mappedFrame(frame, script!, line, module.file, line - module.line + 1);
		}
		return frame;
	};
	(Error as { prepareStackTrace?: Format }).prepareStackTrace = (error: Error, trace: NodeJS.CallSite[]) => {
		const frames = trace.map(locate);
		if (format) return format(error, frames);
		let header: string;
		try {
			header = errorToString.call(error);
		} catch {
			header = '<error>';
		}
		return frames.length === 0 ? header : `${header}\n    at ${frames.join('\n    at ')}`;
	};
}

/** `frame`, except that it is at `line` of `file` instead of `packLine` of the pack's `script`. */
function mappedFrame(frame: NodeJS.CallSite, script: string, packLine: number, file: string, line: number): NodeJS.CallSite {
	const text = String(frame).replace(`${script}:${packLine}:`, `${file}:${line}:`);
	return new Proxy(frame, {
		get(target, property) {
			if (property === 'getFileName' || property === 'getScriptNameOrSourceURL') return () => file;
			if (property === 'getLineNumber') return () => line;
			if (property === 'toString') return () => text;
			const value = Reflect.get(target, property) as unknown;
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		}
	});
}

installModulePack();
