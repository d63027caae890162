/**
 * Makes docs/playground.png: starts the playground, plays a little in Chromium (a /ping, a TicTacToe move, a reaction,
 * Tika's help), and takes a screenshot of the page. `npx tsx scripts/playground-screenshot.ts [out.png]`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startPlayground } from '../src/playground/playground';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/support/browser';
import { exitOnHelp } from './lib/help';

async function main(): Promise<void> {
	exitOnHelp(
		'Usage: npx tsx scripts/playground-screenshot.ts [out.png]\n\nPlays a little in the playground in Chromium and writes the screenshot (default docs/playground.png).'
	);
	const out = resolve(process.argv[2] ?? join(__dirname, '../docs/playground.png'));
	const dataDir = mkdtempSync(join(tmpdir(), 'tika-screenshot-'));
	const playground = await startPlayground({ dataDir });
	const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
	try {
		const page = await browser.newPage({ viewport: { width: 1280, height: 760 }, deviceScaleFactor: 1 });
		await page.goto(`${playground.url}?as=member&channel=games`);
		await page.waitForSelector('body[data-ready]');
		const input = page.locator('#input');
		const send = async (text: string, waitFor: string) => {
			// A finished last word (a trailing space): Enter sends rather than picking a suggestion.
			await input.fill(`${text} `);
			await page.waitForTimeout(150);
			await input.press('Enter');
			await page.locator('[data-testid=message]', { hasText: waitFor }).last().waitFor();
		};
		await send('hi Tika, **ready** to lose? ||probably||', 'ready');
		await send('/ping', 'Pong');
		await send('/game tictactoe difficulty:hard', 'TicTacToe');
		const board = page.locator('[data-testid=message]', { hasText: 'TicTacToe' }).last();
		await board.locator('.components button[data-custom-id$=":m4"]').click();
		await page.waitForTimeout(500);
		const greeting = page.locator('[data-testid=message]', { hasText: 'ready' }).first();
		await greeting.hover();
		await greeting.locator('[data-testid=add-reaction]').click();
		await page.locator('#menu .emoji[data-emoji="🔥"]').click();
		await greeting.locator('.reaction[data-emoji="🔥"]').waitFor();
		await input.fill('/game tic');
		await page.locator('[data-testid=suggestion]').first().waitFor();
		await input.fill('/game tictactoe ');
		await page.locator('[data-testid=suggestion]', { hasText: 'difficulty:' }).waitFor();
		await page.mouse.move(640, 5);
		await page.screenshot({ path: out });
		console.log(`Wrote ${out}`);
	} finally {
		await browser.close();
		await playground.stop();
		rmSync(dataDir, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
