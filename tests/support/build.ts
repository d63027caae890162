/**
 * A private `npm run build` for tests that need the compiled bot: tsc into `<root>/dist`, then the build's own steps
 * (scripts/build: assets, YAML cache, module pack), with package.json (its `#core/*` imports point into dist/) and links
 * to node_modules, prisma/, assets/ and src/ (plugins' models.prisma) beside it. The checkout's own dist/ is left alone.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './process';

const { copyAssets } = require('../../scripts/build/copy-assets.cjs') as { copyAssets: (from: string, to: string) => string[] };
const { buildYamlCache } = require('../../scripts/build/yaml-cache.cjs') as { buildYamlCache: (root: string, out: string) => unknown };
export const { buildModulePack, STORE_FOLDERS } = require('../../scripts/build/module-pack.cjs') as {
	buildModulePack: (root: string) => { packed: number; excluded: { file: string; reason: string }[]; failed: string[] };
	/** The folders holding pieces (a plugin's commands/, listeners/, ...). */
	STORE_FOLDERS: readonly string[];
};

/** Builds Tika into `root` (an empty or missing folder); returns the compiled entry point. */
export function buildTikaInto(root: string): string {
	mkdirSync(root, { recursive: true });
	copyFileSync(join(REPO_ROOT, 'package.json'), join(root, 'package.json'));
	for (const link of ['node_modules', 'prisma', 'assets', 'src']) symlinkSync(join(REPO_ROOT, link), join(root, link), 'dir');
	execFileSync(
		process.execPath,
		[require.resolve('typescript/bin/tsc'), '-p', join(REPO_ROOT, 'tsconfig.build.json'), '--outDir', join(root, 'dist')],
		{
			cwd: REPO_ROOT,
			stdio: 'inherit'
		}
	);
	copyAssets(join(REPO_ROOT, 'src'), join(root, 'dist'));
	buildYamlCache(REPO_ROOT, join(root, 'dist', 'yaml-cache'));
	buildModulePack(root);
	return join(root, 'dist', 'index.js');
}
