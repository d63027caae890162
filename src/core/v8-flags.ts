/**
 * V8 flags Tika sets for itself, in every launch mode: src/index.ts imports this module before anything else (npm
 * start, the container, each shard), so they hold before the database opens and Prisma compiles its WebAssembly query
 * compiler. No flag on the command line, no NODE_OPTIONS for an operator to remember.
 *
 * `--liftoff-only`: WebAssembly runs as V8's baseline (Liftoff) code and is never recompiled by its optimising tier
 * (TurboFan). TurboFan's compilations of the query compiler's hot functions took up to ≈ 25 MB of malloc'd memory at
 * their peak (V8's `peak_malloced_memory`; ≈ 8 MB with the flag), much of which glibc keeps for the process. Tika's
 * WebAssembly: Prisma's query compiler (turns a query into a plan; the query itself runs in the database), its schema
 * engine (only while migrations are applied) and undici's HTTP parser (discord.js's REST responses). None runs while
 * the router handles a message; wasm is ≈ 3 % of a query's CPU. Figures: docs/architecture.md, "Where Tika's memory goes".
 */
import { setFlagsFromString } from 'node:v8';

export const TIKA_V8_FLAGS: readonly string[] = ['--liftoff-only'];

for (const flag of TIKA_V8_FLAGS) setFlagsFromString(flag);
