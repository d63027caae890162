/**
 * The playground in a real browser: Debian's Chromium driven by playwright-core opens the page that `npm run playground`
 * serves (the double, Tika on a throwaway SQLite database, the page), and a person's clicks and keystrokes go through
 * it. Every test checks what the page shows.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { startPlayground, type Playground } from '../../src/playground/playground';
import { CHROMIUM, CHROMIUM_ARGS } from '../support/browser';

jest.setTimeout(60_000);

/** Retries `check` on fresh values of `probe` until it passes (what the page shows arrives over a stream). */
async function eventually<T>(probe: () => Promise<T>, check: (value: T) => void, timeout = 10_000): Promise<void> {
	const deadline = Date.now() + timeout;
	for (;;) {
		const value = await probe();
		try {
			check(value);
			return;
		} catch (error) {
			if (Date.now() > deadline) throw error;
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	}
}

describe('the playground in Chromium', () => {
	let playground: Playground;
	let browser: Browser;
	let dataDir: string;
	const pages: Page[] = [];

	beforeAll(async () => {
		if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install chromium (or set TIKA_CHROMIUM)`);
		dataDir = mkdtempSync(join(tmpdir(), 'tika-playground-'));
		[playground, browser] = await Promise.all([startPlayground({ dataDir }), chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })]);
	});

	afterEach(async () => {
		for (const page of pages.splice(0)) await page.close();
	});

	afterAll(async () => {
		await browser?.close();
		await playground?.stop();
		rmSync(dataDir, { recursive: true, force: true });
	});

	/** The page as `persona`, in `channel` of the first guild. */
	async function open(persona = 'owner', channel = 'general'): Promise<Page> {
		const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
		pages.push(page);
		await page.goto(`${playground.url}?as=${persona}&channel=${channel}`);
		await page.waitForSelector('body[data-ready]');
		return page;
	}

	/** Types a slash command the way a person does: pick the command from the suggestions, then send. */
	async function slash(page: Page, command: string, rest = ''): Promise<void> {
		const input = page.locator('#input');
		await input.click();
		await input.pressSequentially(`/${command}`);
		await page
			.locator('[data-testid=suggestion]', { hasText: `/${command}` })
			.first()
			.waitFor();
		await input.press('Enter');
		await expectValue(input, `/${command} `);
		if (rest) {
			// The rest as typed, then a space: the last word is finished and Enter sends.
			await input.pressSequentially(`${rest} `);
			await expectValue(input, `/${command} ${rest} `);
		}
		await input.press('Enter');
	}

	async function expectValue(input: Locator, value: string): Promise<void> {
		await eventually(
			() => input.inputValue(),
			(actual) => expect(actual).toBe(value)
		);
	}

	/** The newest message by Tika that matches `text`. */
	function botMessage(page: Page, text: string | RegExp): Locator {
		return page.locator(`[data-testid=message][data-author="${playground.double.bot.id}"]`, { hasText: text }).last();
	}

	it('GIVEN the page THEN it shows both guilds, the channels (one NSFW), the five people to act as and your roles', async () => {
		const page = await open('booster');
		expect(await Promise.all((await page.locator('.guild-icon').all()).map((icon) => icon.getAttribute('title')))).toEqual([
			'Tika Playground',
			'Second Server'
		]);
		const channels = async () => (await page.locator('.channel').allInnerTexts()).map((text) => text.replace(/\s+/g, ' '));
		expect(await channels()).toEqual(['# general', '# bot-commands', '# games', '# after-dark NSFW']);
		expect(await page.locator('#persona option').allInnerTexts()).toEqual([
			'Mia (member)',
			'Ben (booster)',
			'Mo (moderator)',
			'Ada (admin)',
			'Olive (owner)'
		]);
		expect(await page.locator('[data-role="Server Booster"]').isChecked()).toBe(true);
		expect(await page.locator('[data-role="Admin"]').isChecked()).toBe(false);
		await page.locator('.guild-icon[data-guild="Second Server"]').click();
		expect(await channels()).toEqual(['# lobby', '# off-topic']);
	});

	it('GIVEN /ping typed with the suggestions THEN Tika answers in the channel, under "Olive used /ping"', async () => {
		const page = await open('owner');
		await page.locator('#input').pressSequentially('/pi');
		const suggestion = page.locator('[data-testid=suggestion]', { hasText: '/ping' });
		await suggestion.waitFor();
		expect(await suggestion.innerText()).toContain('latency');
		await page.locator('#input').press('Enter');
		await page.locator('#input').press('Enter');
		const reply = botMessage(page, 'Pong');
		await reply.waitFor();
		expect(await reply.locator('.reply-context').innerText()).toBe('Olive used /ping');
		// Tika edits its reply with the round trip: the edit shows live.
		expect(await reply.locator('[data-testid=content]').innerText()).toMatch(/Pong.*Round trip: \d+ ms \(edited\)/);
	});

	it('GIVEN a prefix command THEN it goes out as a message and Tika replies; WHEN the reply is deleted THEN it disappears from the page', async () => {
		const page = await open('admin', 'bot-commands');
		await page.locator('#input').fill('!tika ping');
		await page.locator('#input').press('Enter');
		const mine = page.locator(`[data-testid=message][data-author="${playground.world.users.admin.id}"]`, { hasText: '!tika ping' });
		await mine.waitFor();
		const reply = botMessage(page, 'Pong');
		await reply.waitFor();
		const id = (await reply.getAttribute('data-id'))!;
		await playground.double.deleteMessage(id);
		await page.locator(`[data-id="${id}"]`).waitFor({ state: 'detached' });
		expect(await mine.count()).toBe(1);
	});

	it("GIVEN /help command: THEN the suggestions are the bot's own autocomplete answers, and picking one runs it", async () => {
		const page = await open('member', 'bot-commands');
		const input = page.locator('#input');
		await input.pressSequentially('/help');
		await page.locator('[data-testid=suggestion]', { hasText: '/help' }).first().waitFor();
		await input.press('Enter');
		await input.pressSequentially('command:ran');
		const rank = page.locator('[data-testid=suggestion]', { hasText: 'from the bot' }).filter({ hasText: /^rank/ });
		await rank.first().waitFor();
		const labels = await page.locator('[data-testid=suggestion] .suggestion-label').allInnerTexts();
		expect(labels.length).toBeGreaterThan(0);
		expect(labels.every((label) => label.includes('ran'))).toBe(true);
		await rank.first().click();
		await expectValue(input, '/help command:rank ');
		await input.press('Enter');
		const answer = page.locator('[data-testid=message].ephemeral', { hasText: '/rank' }).last();
		await answer.waitFor();
		expect(await answer.locator('[data-testid=embed]').innerText()).toContain('rank');
	});

	it('GIVEN a right click on a member THEN the user apps are listed, and "View Rank" shows their card', async () => {
		const page = await open('owner', 'bot-commands');
		await page.locator('.member', { hasText: 'Ben' }).click({ button: 'right' });
		const menu = page.locator('#menu');
		expect(await menu.locator('.menu-title').innerText()).toBe('Apps for Ben');
		await menu.locator('.menu-item', { hasText: 'View Rank' }).click();
		const card = page.locator('[data-testid=message]', { hasText: 'Olive used View Rank' }).last().locator('[data-testid=attachment-image]');
		await card.waitFor();
		await eventually(
			() => card.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
			(width) => expect(width).toBeGreaterThan(0)
		);
	});

	it('GIVEN a message THEN people can add reactions from the picker and by clicking an existing one, and each sees their own', async () => {
		const page = await open('member', 'general');
		await page.locator('#input').fill('react to this');
		await page.locator('#input').press('Enter');
		const message = page.locator('[data-testid=message]', { hasText: 'react to this' });
		await message.waitFor();
		await message.hover();
		await message.locator('[data-testid=add-reaction]').click();
		await page.locator('#menu .emoji[data-emoji="🎉"]').click();
		const reaction = message.locator('.reaction[data-emoji="🎉"]');
		await eventually(
			() => reaction.innerText(),
			(text) => expect(text.replace(/\s+/g, '')).toBe('🎉1')
		);
		expect(await reaction.getAttribute('aria-pressed')).toBe('true');

		const other = await open('moderator', 'general');
		const seen = other.locator('[data-testid=message]', { hasText: 'react to this' }).locator('.reaction[data-emoji="🎉"]');
		expect(await seen.getAttribute('aria-pressed')).toBe('false');
		await seen.click();
		await eventually(
			() => reaction.innerText(),
			(text) => expect(text.replace(/\s+/g, '')).toBe('🎉2')
		);
		const id = (await message.getAttribute('data-id'))!;
		expect(playground.double.message(id)?.reactions?.[0]).toMatchObject({ emoji: { name: '🎉' }, count: 2 });

		// A right click on the message lists the message apps Tika registered, and Add Reaction.
		await message.click({ button: 'right' });
		const menu = page.locator('#menu');
		expect(await menu.locator('.menu-title').first().innerText()).toBe('Apps for this message');
		const registered = playground.double
			.commands()
			.filter((command) => command.type === 3)
			.map((command) => command.name);
		expect(registered.length).toBeGreaterThan(0);
		expect(await menu.locator('.menu-item').allInnerTexts()).toEqual([...registered, 'Add Reaction']);
	});

	it('GIVEN /game tictactoe with a difficulty picked from its choices THEN clicking free squares plays it against Tika to the end, and the board says who won', async () => {
		const page = await open('member', 'games');
		const input = page.locator('#input');
		await input.pressSequentially('/game tictactoe difficulty:');
		// The option's choices, as registered.
		const choices = page.locator('[data-testid=suggestion] .suggestion-label');
		await eventually(
			() => choices.allInnerTexts(),
			(labels) => expect(labels).toEqual(['easy', 'medium', 'hard'])
		);
		await page.locator('[data-testid=suggestion]', { hasText: 'hard' }).click();
		await expectValue(input, '/game tictactoe difficulty:hard ');
		await input.press('Enter');
		const board = botMessage(page, 'TicTacToe');
		await board.waitFor();
		expect(await board.innerText()).toContain('vs ⭕ Tika (hard)');
		const squares = board.locator('.components button[data-custom-id*=":m"]');
		for (let move = 0; move < 5; move++) {
			const free = board.locator('.components button[data-custom-id*=":m"]:not([disabled])');
			if ((await free.count()) === 0) break;
			const before = await board.locator('.components button[disabled]').count();
			await free.first().click();
			// Tika answers in the same response: the clicked square and (unless the game ended) its own are taken.
			await eventually(
				() => board.locator('.components button[disabled]').count(),
				(count) => expect(count).toBeGreaterThan(before)
			);
		}
		// Over: every square and Forfeit are disabled.
		await eventually(
			() => board.locator('.components button:not([disabled])').count(),
			(count) => expect(count).toBe(0)
		);
		expect(await squares.count()).toBe(9);
		expect(await board.innerText()).toMatch(/(Mia|Tika) wins!|It's a draw/);
	});

	it('GIVEN /game hangman THEN a letter picked from a select menu is played, and "Guess the word" opens a modal whose answer is played too', async () => {
		const page = await open('admin', 'games');
		await slash(page, 'game', 'hangman');
		const board = botMessage(page, 'Hangman');
		await board.waitFor();
		const letters = board.locator('select.select-menu').first();
		expect(await letters.locator('option[value="E"]').count()).toBe(1);
		await letters.selectOption('E');
		// The board is edited: E is no longer offered.
		await eventually(
			() => board.locator('select.select-menu').first().locator('option[value="E"]').count(),
			(count) => expect(count).toBe(0)
		);

		await board.locator('.components button', { hasText: 'Guess the word' }).click();
		const modal = page.locator('[data-testid=modal]');
		await modal.waitFor();
		await modal.locator('input, textarea').first().fill('zzzzzz');
		await modal.locator('button[type=submit]').click();
		await modal.waitFor({ state: 'detached' });
		await eventually(
			() => board.innerText(),
			(text) => expect(text.toLowerCase()).toContain('zzzzzz')
		);
		await board.locator('.components button', { hasText: 'Forfeit' }).click();
		await eventually(
			() => board.locator('.components button:not([disabled])').count(),
			(count) => expect(count).toBe(0)
		);
	});

	it('GIVEN /rank THEN the rank card image loads in the reply', async () => {
		const page = await open('booster');
		await slash(page, 'rank');
		const image = botMessage(page, /Ben|rank/i).locator('[data-testid=attachment-image]');
		await image.waitFor();
		await eventually(
			// The browser decoded the picture: a broken or missing image has no natural width.
			() => image.evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).naturalWidth),
			(width) => expect(width).toBeGreaterThan(0)
		);
		expect(await image.getAttribute('alt')).toMatch(/^rank\./);
	});

	it('GIVEN /profile edit THEN the modal opens, and once submitted the saved profile comes back as a card only the submitter sees', async () => {
		const page = await open('moderator');
		await slash(page, 'profile', 'edit');
		const modal = page.locator('[data-testid=modal]');
		await modal.waitFor();
		expect(await modal.locator('h2').innerText()).toMatch(/profile/i);
		await modal.locator('[name=bio]').fill('Keeps the peace, mostly.');
		await modal.locator('[name=pronouns]').fill('they/them');
		await modal.locator('[name=accent]').fill('#00ff00');
		await modal.locator('button[type=submit]').click();
		await modal.waitFor({ state: 'detached' });
		const reply = page.locator('[data-testid=message].ephemeral', { hasText: 'they/them' }).last();
		await reply.waitFor();
		expect(await reply.locator('[data-testid=ephemeral-note]').innerText()).toContain('Only you can see this');
		expect(await reply.locator('[data-testid=attachment-image]').count()).toBe(1);
	});

	it('GIVEN Mia, a plain member, runs /features list THEN she is refused in a reply only she can see; WHEN she is given the Admin role THEN it works', async () => {
		const mia = () => playground.double.member(playground.world.guilds[0]!.id, playground.world.users.member.id);
		const page = await open('member', 'bot-commands');
		await slash(page, 'features', 'list');
		const refusal = page.locator('[data-testid=message].ephemeral', { hasText: /Manage Server|permission/i }).last();
		await refusal.waitFor();
		expect(await refusal.locator('[data-testid=ephemeral-note]').innerText()).toContain('Only you can see this');
		// Someone else in the channel never sees it.
		const other = await open('admin', 'bot-commands');
		expect(await other.locator('[data-testid=message].ephemeral').count()).toBe(0);

		await page.locator('[data-role="Admin"]').check();
		await eventually(
			async () => mia().roles.length,
			(count) => expect(count).toBe(1)
		);
		await slash(page, 'features', 'list');
		const list = page.locator('[data-testid=message]', { hasText: /progression/ }).last();
		await list.waitFor();
		await page.locator('[data-role="Admin"]').uncheck();
		await eventually(
			async () => mia().roles.length,
			(count) => expect(count).toBe(0)
		);
	});
});
