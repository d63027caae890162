import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { threadId } from 'node:worker_threads';
import { container } from '@sapphire/framework';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { WorkerPool } from '#core/workers/index';
import { clearAvatarCache, loadAvatar } from '#shared/images/avatar';
import {
	leaderboardHeight,
	renderLeaderboardCard,
	LEADERBOARD_FILE,
	LEADERBOARD_HEADER,
	LEADERBOARD_ROW,
	LEADERBOARD_WIDTH
} from '#plugins/progression/lib/card/leaderboard';
import { backgroundCovers, drawCover, loadBackground, loadBackgroundCover } from '#shared/images/backgrounds';
import { DEFAULT_BACKGROUND } from '#shared/images/theme';
import { clearRenderedCards, renderRankCard, RANK_CARD_HEIGHT, RANK_CARD_WIDTH, type RankCardData } from '#shared/images/rankCard';
import { CHART_HEIGHT, CHART_WIDTH, renderActivityChart } from '#plugins/server_tools/lib/chart';
import { summarize } from '#plugins/server_tools/lib/activity';
import type { probe } from '../../support/fixtures/workers/probe';

const base: RankCardData = {
	displayName: 'Alice',
	username: 'alice',
	avatarUrl: null,
	level: 3,
	rank: 2,
	xp: 450,
	levelStartXp: 300,
	nextLevelXp: 600,
	messages: 40
};

let server: Server;
let origin: string;
let avatarHits = 0;

beforeAll(async () => {
	const avatar = createCanvas(64, 64);
	avatar.getContext('2d').fillStyle = '#ff0000';
	avatar.getContext('2d').fillRect(0, 0, 64, 64);
	const png = avatar.toBuffer('image/png');
	const blue = createCanvas(64, 64);
	blue.getContext('2d').fillStyle = '#0000ff';
	blue.getContext('2d').fillRect(0, 0, 64, 64);
	const bluePng = blue.toBuffer('image/png');
	server = createServer((request, response) => {
		if (request.url === '/avatar.png') {
			avatarHits++;
			response.writeHead(200, { 'content-type': 'image/png' }).end(png);
		} else if (request.url === '/blue.png') {
			response.writeHead(200, { 'content-type': 'image/png' }).end(bluePng);
		} else if (request.url === '/slow.png') {
			setTimeout(() => response.writeHead(200).end(png), 2_000).unref();
		} else response.writeHead(404).end();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
	clearAvatarCache();
	clearRenderedCards();
});

describe('the rank card renderer', () => {
	it('GIVEN a member THEN the card is a WebP of 960×320 that decodes', async () => {
		const card = await renderRankCard(base);
		expect(card.subarray(8, 12).toString('latin1')).toBe('WEBP');
		const image = await loadImage(card);
		expect([image.width, image.height]).toEqual([RANK_CARD_WIDTH, RANK_CARD_HEIGHT]);
	});

	it('GIVEN png requested THEN the card is a PNG', async () => {
		const card = await renderRankCard({ ...base, format: 'png' });
		expect(card.subarray(1, 4).toString('latin1')).toBe('PNG');
	});

	it('GIVEN extreme data (huge name in three scripts, max level, unranked, long bio) THEN it still renders', async () => {
		const card = await renderRankCard({
			...base,
			displayName: '🎉'.repeat(20) + '你好世界'.repeat(10) + 'A'.repeat(50),
			rank: 0,
			level: 9_999,
			xp: 10 ** 12,
			levelStartXp: 10 ** 11,
			nextLevelXp: null,
			bio: 'word '.repeat(60),
			pronouns: 'x'.repeat(40)
		});
		expect((await loadImage(card)).width).toBe(RANK_CARD_WIDTH);
	});

	it('GIVEN the same data twice THEN the second card comes from the cache; changed data renders anew', async () => {
		const first = await renderRankCard(base);
		expect(await renderRankCard({ ...base })).toBe(first);
		expect(await renderRankCard({ ...base, xp: 451 })).not.toBe(first);
	});

	it('GIVEN an avatar URL THEN the avatar is drawn, and fetched only once for many cards', async () => {
		const card = await renderRankCard({ ...base, avatarUrl: `${origin}/avatar.png` });
		await renderRankCard({ ...base, avatarUrl: `${origin}/avatar.png`, xp: 500 });
		expect(avatarHits).toBe(1);
		const image = await loadImage(card);
		const canvas = createCanvas(image.width, image.height);
		canvas.getContext('2d').drawImage(image, 0, 0);
		const [r, g, b] = canvas.getContext('2d').getImageData(136, 160, 1, 1).data;
		expect(r).toBeGreaterThan(200);
		expect(g! + b!).toBeLessThan(80);
	});

	it('GIVEN an unreachable or missing avatar THEN initials are drawn quickly and silently', async () => {
		const started = Date.now();
		expect(await loadAvatar(`${origin}/missing.png`)).toBeNull();
		expect(await loadAvatar('http://127.0.0.1:1/avatar.png')).toBeNull();
		expect(Date.now() - started).toBeLessThan(1_000);
		const card = await renderRankCard({ ...base, avatarUrl: `${origin}/missing.png` });
		expect((await loadImage(card)).width).toBe(RANK_CARD_WIDTH);
	});

	it('GIVEN a CDN slower than the timeout THEN the avatar gives up at the timeout', async () => {
		const started = Date.now();
		expect(await loadAvatar(`${origin}/slow.png`, 200)).toBeNull();
		expect(Date.now() - started).toBeLessThan(1_500);
	});
});

describe('the leaderboard card', () => {
	it('GIVEN 0, 3 and 25 entries THEN the height fits the rows (one row minimum, ten at most)', () => {
		expect(leaderboardHeight(0)).toBe(leaderboardHeight(1));
		expect(leaderboardHeight(3)).toBeGreaterThan(leaderboardHeight(1));
		expect(leaderboardHeight(25)).toBe(leaderboardHeight(10));
	});

	it('GIVEN entries THEN the image decodes at the expected size', async () => {
		const entries = Array.from({ length: 12 }, (_, index) => ({
			rank: index + 1,
			userId: String(index),
			displayName: index === 1 ? '小美 🌸 with a very long name that will not fit' : `Member ${index + 1}`,
			avatarUrl: null,
			level: 30 - index,
			xp: 100_000 - index * 5_000
		}));
		const card = await renderLeaderboardCard(entries, { guildName: 'Tika Test', accentColor: 0x5865f2 });
		const image = await loadImage(card);
		expect([image.width, image.height]).toEqual([LEADERBOARD_WIDTH, leaderboardHeight(10)]);
	});

	it('GIVEN the same page twice THEN the second comes from the cache; any change in what is drawn renders anew', async () => {
		const entries = [
			{ rank: 1, userId: '1', displayName: 'Cached Alice', avatarUrl: null, level: 4, xp: 900 },
			{ rank: 2, userId: '2', displayName: 'Cached Bob', avatarUrl: null, level: 2, xp: 300 }
		];
		const first = await renderLeaderboardCard(entries, { guildName: 'Cache' });
		expect(
			await renderLeaderboardCard(
				entries.map((entry) => ({ ...entry })),
				{ guildName: 'Cache' }
			)
		).toBe(first);
		const moreXp = await renderLeaderboardCard([{ ...entries[0]!, xp: 901 }, entries[1]!], { guildName: 'Cache' });
		expect(moreXp).not.toBe(first);
		expect(moreXp.equals(first)).toBe(false);
		expect(await renderLeaderboardCard(entries, { guildName: 'Other guild' })).not.toBe(first);
	});

	it('GIVEN a board THEN it is a JPEG named leaderboard.jpg, at least as faithful to the drawing as WebP at quality 85 (PSNR)', async () => {
		const rows = Array.from({ length: 10 }, (_, index) => ({
			rank: index + 1,
			userId: String(index),
			displayName: `Faithful ${index + 1}`,
			avatarUrl: null,
			level: 30 - index,
			xp: 190_000 - index * 9_000
		}));
		const board = await renderLeaderboardCard(rows, { guildName: 'Fidelity', accentColor: 0x5865f2 });
		expect(LEADERBOARD_FILE).toBe('leaderboard.jpg');
		expect([...board.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
		const drawn = await pixels(await renderLeaderboardCard(rows, { guildName: 'Fidelity', accentColor: 0x5865f2, format: 'png' }));
		const webp = await renderLeaderboardCard(rows, { guildName: 'Fidelity', accentColor: 0x5865f2, format: 'webp' });
		expect(psnr(await pixels(board), drawn)).toBeGreaterThanOrEqual(psnr(await pixels(webp), drawn));
	});

	it('GIVEN a member changes avatar (Discord gives it a new URL) THEN the next board draws the new one, not the decoded old one', async () => {
		const row = { rank: 1, userId: '1', displayName: 'Alice', avatarUrl: `${origin}/avatar.png`, level: 4, xp: 900 };
		// The avatar's centre on row 1: x 24 + 112, y header + half a row.
		const [x, y] = [136, LEADERBOARD_HEADER + LEADERBOARD_ROW / 2];
		const [r, , b] = await pixel(await renderLeaderboardCard([row]), x, y);
		expect([r! > 200, b! < 60]).toEqual([true, true]);
		const [r2, , b2] = await pixel(await renderLeaderboardCard([{ ...row, avatarUrl: `${origin}/blue.png` }]), x, y);
		expect([r2! < 60, b2! > 200]).toEqual([true, true]);
	});

	it('GIVEN boards of many heights THEN at most 3 scaled backgrounds are kept, each the picture scaled to cover its size', async () => {
		backgroundCovers.clear();
		const first = await loadBackgroundCover(DEFAULT_BACKGROUND, LEADERBOARD_WIDTH, leaderboardHeight(10));
		expect(await loadBackgroundCover(DEFAULT_BACKGROUND, LEADERBOARD_WIDTH, leaderboardHeight(10))).toBe(first);
		for (let rows = 1; rows <= 10; rows++) {
			await renderLeaderboardCard([{ rank: 1, userId: String(rows), displayName: `Rows ${rows}`, avatarUrl: null, level: 1, xp: rows }]);
			await loadBackgroundCover(DEFAULT_BACKGROUND, LEADERBOARD_WIDTH, leaderboardHeight(rows));
		}
		expect(backgroundCovers.size()).toBe(3);
		const direct = createCanvas(LEADERBOARD_WIDTH, leaderboardHeight(10));
		drawCover(direct.getContext('2d'), await loadBackground(DEFAULT_BACKGROUND), 0, 0, LEADERBOARD_WIDTH, leaderboardHeight(10));
		const cover = await loadBackgroundCover(DEFAULT_BACKGROUND, LEADERBOARD_WIDTH, leaderboardHeight(10));
		expect(cover).not.toBe(first);
		for (const [px, py] of [
			[5, 5],
			[480, 400],
			[950, 780]
		] as const)
			expect([...cover.getContext('2d').getImageData(px, py, 1, 1).data]).toEqual([...direct.getContext('2d').getImageData(px, py, 1, 1).data]);
	});

	it('GIVEN no entries THEN an empty board still renders', async () => {
		const image = await loadImage(await renderLeaderboardCard([]));
		expect(image.height).toBe(leaderboardHeight(0));
	});
});

const PROBE = require.resolve('../../support/fixtures/workers/probe');

/** The core's pool, but every task goes through the probe, which reports the thread the task ran on. */
class ProbedPool extends WorkerPool {
	public readonly ran: { name: string; threadId: number }[] = [];
	public override async run<T = unknown>(module: string, name: string, args: readonly unknown[] = []): Promise<T> {
		const result = await super.run<Awaited<ReturnType<typeof probe>>>(PROBE, 'probe', [module, name, args]);
		this.ran.push({ name, threadId: result.threadId });
		return result.value as T;
	}
}

/** The RGBA pixels of an encoded image. */
async function pixels(bytes: Buffer): Promise<Uint8ClampedArray> {
	const image = await loadImage(bytes);
	const canvas = createCanvas(image.width, image.height);
	canvas.getContext('2d').drawImage(image, 0, 0);
	return canvas.getContext('2d').getImageData(0, 0, image.width, image.height).data;
}

/** Peak signal-to-noise ratio of two images of the same size, in dB (RGB; higher is closer). */
function psnr(a: Uint8ClampedArray, b: Uint8ClampedArray): number {
	let sum = 0;
	for (let i = 0; i < a.length; i++) if (i % 4 !== 3) sum += (a[i]! - b[i]!) ** 2;
	return 10 * Math.log10(255 ** 2 / (sum / ((a.length / 4) * 3)));
}

/** The RGB of one pixel of an encoded image. */
async function pixel(bytes: Buffer, x: number, y: number): Promise<number[]> {
	const image = await loadImage(bytes);
	const canvas = createCanvas(image.width, image.height);
	canvas.getContext('2d').drawImage(image, 0, 0);
	return [...canvas.getContext('2d').getImageData(x, y, 1, 1).data.slice(0, 3)];
}

describe('images drawn on the worker pool (shared/images/offThread)', () => {
	let pool: ProbedPool;
	const saved = { workers: container.workers, logger: container.logger };
	const warn = jest.fn();

	beforeEach(() => {
		warn.mockClear();
		pool = new ProbedPool({ size: 1 });
		Object.assign(container, { workers: pool, logger: { warn } });
	});

	afterEach(async () => {
		await pool.close();
		Object.assign(container, saved);
	});

	it('GIVEN a pool WHEN a rank card renders THEN it is drawn and encoded on a worker thread, with the avatar the main thread downloaded', async () => {
		const card = await renderRankCard({ ...base, displayName: 'Alice 🌸', avatarUrl: `${origin}/avatar.png` });

		expect(pool.ran).toEqual([{ name: 'drawRankCard', threadId: expect.any(Number) }]);
		expect(pool.ran[0]!.threadId).not.toBe(threadId);
		expect(Buffer.isBuffer(card)).toBe(true);
		const image = await loadImage(card);
		expect([image.width, image.height]).toEqual([RANK_CARD_WIDTH, RANK_CARD_HEIGHT]);
		const [r, g, b] = await pixel(card, 136, 160);
		expect(r).toBeGreaterThan(200);
		expect(g! + b!).toBeLessThan(80);
		expect(warn).not.toHaveBeenCalled();
	});

	it('GIVEN a pool WHEN the activity chart and the leaderboard image render THEN both are drawn on a worker thread', async () => {
		const now = Date.UTC(2026, 0, 31, 12);
		const chart = await renderActivityChart({
			title: 'Guild: messages per day',
			summary: summarize([{ guildId: 'g', day: '2026-01-30', channelId: '1', messages: 12 }], 14, now),
			channelNames: new Map([['1', '#general']])
		});
		const board = await renderLeaderboardCard([
			{ rank: 1, userId: '1', displayName: 'Alice', avatarUrl: `${origin}/avatar.png`, level: 4, xp: 900 },
			{ rank: 2, userId: '2', displayName: 'Bob', avatarUrl: null, level: 2, xp: 300 }
		]);

		expect(pool.ran.map((task) => task.name)).toEqual(['drawActivityChart', 'drawLeaderboardCard']);
		expect(pool.ran.map((task) => task.threadId)).not.toContain(threadId);
		const chartImage = await loadImage(chart);
		expect([chartImage.width, chartImage.height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
		const boardImage = await loadImage(board);
		expect([boardImage.width, boardImage.height]).toEqual([LEADERBOARD_WIDTH, leaderboardHeight(2)]);
		expect(warn).not.toHaveBeenCalled();
	});

	it('GIVEN the pool is closed (shutdown) WHEN a rank card renders THEN it is drawn on the main thread, with a warning', async () => {
		await pool.close();

		const card = await renderRankCard({ ...base, displayName: 'Alice 🌸', avatarUrl: `${origin}/avatar.png` });

		expect(pool.ran).toEqual([]);
		const image = await loadImage(card);
		expect([image.width, image.height]).toEqual([RANK_CARD_WIDTH, RANK_CARD_HEIGHT]);
		const [r] = await pixel(card, 136, 160);
		expect(r).toBeGreaterThan(200);
		expect(warn).toHaveBeenCalledWith(expect.stringMatching(/rank card on the worker pool failed, drawing on the main thread: .*closed/));
	});

	it('GIVEN no pool in the process WHEN the chart renders THEN it is drawn on the main thread, with a warning', async () => {
		Object.assign(container, { workers: undefined });

		const chart = await renderActivityChart({ title: 'Quiet', summary: summarize([], 14, Date.UTC(2026, 0, 31)), channelNames: new Map() });

		expect((await loadImage(chart)).width).toBe(CHART_WIDTH);
		expect(warn).toHaveBeenCalledWith(expect.stringMatching(/activity chart on the worker pool failed, drawing on the main thread/));
	});
});
