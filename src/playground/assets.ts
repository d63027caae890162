import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface PageAssets {
	html: string;
	style: string;
	script: string;
}

const WEB = join(__dirname, 'web');

/**
 * The page's files. Its TypeScript (web/app.ts and what it imports, discord-markdown-parser included) is bundled by
 * esbuild in memory when the playground starts (~0.1 s): no build step, nothing written to disk, and a saved change
 * shows on the next start.
 */
export async function pageAssets(): Promise<PageAssets> {
	const [html, style, bundle] = await Promise.all([
		readFile(join(WEB, 'index.html'), 'utf8'),
		readFile(join(WEB, 'app.css'), 'utf8'),
		build({
			entryPoints: [join(WEB, 'app.ts')],
			bundle: true,
			write: false,
			format: 'iife',
			platform: 'browser',
			target: 'es2022',
			minify: true,
			sourcemap: 'inline',
			logLevel: 'silent'
		})
	]);
	return { html, style, script: bundle.outputFiles[0]!.text };
}
