/**
 * bench/rank-card — how long /rank takes from the command to the attachment bytes, against canvacord's RankCardBuilder
 * rendering the same data in the same run. Target: p50 ≤ 30 ms and faster than canvacord.
 *
 * Usage: npm run bench:rank-card [-- --runs 100 --warmup 10] (--quick or BENCH_QUICK=1: 20 runs, 3 warm-up runs)
 *
 * 1. End to end: the real Tika (startTika, SQLite, every plugin) against the Discord double; each sample is the time
 *    from dispatching /rank to the double receiving the multipart upload with the card (defer, database reads, render,
 *    WebP encode, REST). The member has Discord's default avatar, which the card draws as initials (the double has no
 *    CDN); the member's profile has a bio, pronouns, accent and background, so everything else is drawn.
 *    Baseline: /rankcanvacord (bench/rank-card/plugins, loaded only here) takes the same path (member, rank snapshot and
 *    profile reads, one reply with the image) with canvacord's RankCardBuilder drawing a PNG.
 * 2. Render only, same data plus a 256 px avatar: Tika's renderRankCard (WebP, the format /rank sends; the avatar comes
 *    over HTTP from the double and is then served from the decoded-avatar cache, as in production) vs canvacord
 *    RankCardBuilder.build (PNG, its default; and WebP for a like-for-like encode) with the same avatar bytes.
 */
import { createCanvas } from '@napi-rs/canvas';
import { join } from 'node:path';
import { Font, RankCardBuilder } from 'canvacord';
import { cardData } from '../../src/shared/images/memberCard';
import { clearRenderedCards, renderRankCard, type RankCardData } from '../../src/shared/images/rankCard';
import { getRankSnapshot } from '../../src/plugins/progression/lib/api';
import { startTestBot } from '../../tests/support/harness';
import { benchCli } from '../lib/cli';
import { median, percentile, printResult, ratioLine } from '../lib/stats';

const cli = benchCli(`Usage: npm run bench:rank-card [-- --runs 100 --warmup 10] [-- --quick]
  /rank from the command to the attachment bytes, and the render alone, against canvacord's RankCardBuilder on the
  same data, same run. Target p50 ≤ 30 ms and faster than canvacord. --quick (or BENCH_QUICK=1): 20 runs, 3 warm-up.`);
const RUNS = cli.number('runs', 100, 20);
const WARMUP = cli.number('warmup', 10, 3);

async function time(fn: () => Promise<unknown>): Promise<number> {
	const start = performance.now();
	await fn();
	return performance.now() - start;
}

/** `before` runs outside the timed section (e.g. to change the data so no cache can answer). */
async function samples(
	runs: number,
	fn: () => Promise<unknown>,
	before: (i: number) => Promise<unknown> | void = () => undefined
): Promise<number[]> {
	for (let i = 0; i < WARMUP; i++) {
		await before(-1 - i);
		await fn();
	}
	const out: number[] = [];
	for (let i = 0; i < runs; i++) {
		await before(i);
		out.push(await time(fn));
	}
	return out;
}

function summary(label: string, values: number[]): string {
	return `${label.padEnd(44)} p50 ${median(values).toFixed(1).padStart(6)} ms   p95 ${percentile(values, 95).toFixed(1).padStart(6)} ms   (n=${values.length})`;
}

/** A 256×256 PNG avatar (what Discord's CDN returns for size=256). */
function avatarPng(): Buffer {
	const canvas = createCanvas(256, 256);
	const ctx = canvas.getContext('2d');
	const gradient = ctx.createLinearGradient(0, 0, 256, 256);
	gradient.addColorStop(0, '#ff7e5f');
	gradient.addColorStop(1, '#6a3093');
	ctx.fillStyle = gradient;
	ctx.fillRect(0, 0, 256, 256);
	ctx.fillStyle = '#ffffff';
	ctx.beginPath();
	ctx.arc(128, 100, 50, 0, Math.PI * 2);
	ctx.fill();
	return canvas.toBuffer('image/png');
}

async function main() {
	const bot = await startTestBot({ pluginPaths: [join(__dirname, 'plugins')] });
	try {
		const avatar = avatarPng();
		// The avatar is served over HTTP like Discord's CDN: uploaded as an attachment to the double.
		const uploaded = bot.double.sendMessage({
			channel: bot.general,
			author: bot.bob,
			content: 'avatar',
			attachments: [{ filename: 'avatar.png', content: avatar }]
		});
		const avatarUrl = (await uploaded).attachments[0]!.url;
		await bot.client.guilds.cache.get(bot.guild.id)!.members.fetch(bot.alice.id);

		// Profile with a bio and theme, so the card draws everything.
		const { prisma } = bot.instance.database;
		await prisma.userProfile.upsert({
			where: { userId: bot.alice.id },
			create: {
				userId: bot.alice.id,
				bio: 'Tea, cats and 日本語 🍵 — a bio long enough to wrap onto two lines of the card.',
				pronouns: 'she/her',
				accentColor: 0x57f287,
				cardBackground: 'sunset'
			},
			update: {}
		});

		// 1. End to end through the double. Cold: the bio changes before every sample (untimed), so the card is drawn
		// and encoded every time; warm: the same /rank repeated, answered from the encoded-card cache.
		const rank = async () => {
			const run = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'rank' });
			await bot.double.waitForRequest((request) => request.path.includes(run.token) && request.files.length > 0);
		};
		const endToEnd = await samples(RUNS, rank, (i) =>
			prisma.userProfile.update({
				where: { userId: bot.alice.id },
				data: { bio: `Tea, cats and 日本語 🍵 — sample ${i}, a bio long enough to wrap onto two lines.` }
			})
		);
		const endToEndWarm = await samples(RUNS, rank);
		// The same path (bot, database reads, one reply with the image) with canvacord drawing the card.
		const endToEndCanvacord = await samples(RUNS, async () => {
			const run = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'rankcanvacord' });
			await bot.double.waitForRequest((request) => request.path.includes(run.token) && request.files.length > 0);
		});

		// 2. Render only, same data.
		const snapshot = await getRankSnapshot(bot.guild.id, bot.alice.id);
		const profile = await prisma.userProfile.findUnique({ where: { userId: bot.alice.id } });
		const data: RankCardData = cardData(snapshot, profile, { displayName: 'Alice', username: 'alice', avatarUrl });
		const tika = await samples(RUNS, () => renderRankCard(data), clearRenderedCards);
		const tikaPng = await samples(RUNS, () => renderRankCard({ ...data, format: 'png' }), clearRenderedCards);

		Font.loadDefault();
		const progress = Math.max(0, data.xp - data.levelStartXp);
		const required = data.nextLevelXp === null ? Math.max(1, progress) : data.nextLevelXp - data.levelStartXp;
		const canvacordCard = () =>
			new RankCardBuilder()
				.setDisplayName(data.displayName)
				.setUsername(`@${data.username}`)
				.setAvatar(avatar)
				.setCurrentXP(progress)
				.setRequiredXP(required)
				.setLevel(data.level)
				.setRank(Math.max(1, data.rank))
				.setStatus('online');
		const canvacordPng = await samples(RUNS, () => canvacordCard().build({ format: 'png' }));
		const canvacordWebp = await samples(RUNS, () => canvacordCard().build({ format: 'webp' }));

		console.log(`rank-card bench: ${RUNS} runs after ${WARMUP} warm-up runs each`);
		console.log(summary('Tika /rank, command → attachment (WebP)', endToEnd));
		console.log(summary('Tika /rank repeated, same data (cached)', endToEndWarm));
		console.log(summary('same path, canvacord card (PNG)', endToEndCanvacord));
		console.log(summary('Tika renderRankCard (WebP)', tika));
		console.log(summary('Tika renderRankCard (PNG)', tikaPng));
		console.log(summary('canvacord RankCardBuilder.build (PNG)', canvacordPng));
		console.log(summary('canvacord RankCardBuilder.build (WebP)', canvacordWebp));
		console.log(
			ratioLine('p50 /rank end to end vs same path with canvacord', median(endToEnd), median(endToEndCanvacord), 'ms', '< 1, and p50 ≤ 30 ms')
		);
		console.log(
			ratioLine('p95 /rank end to end vs same path with canvacord', percentile(endToEnd, 95), percentile(endToEndCanvacord, 95), 'ms', '< 1')
		);
		console.log(
			ratioLine('p50 /rank repeated (cached) vs same path with canvacord', median(endToEndWarm), median(endToEndCanvacord), 'ms', '< 1')
		);
		console.log(ratioLine('p50 render WebP vs canvacord PNG', median(tika), median(canvacordPng), 'ms', '< 1'));
		console.log(ratioLine('p50 render WebP vs canvacord WebP', median(tika), median(canvacordWebp), 'ms', '< 1'));
		console.log(ratioLine('p50 render PNG vs canvacord PNG', median(tikaPng), median(canvacordPng), 'ms', '< 1'));
		console.log(`p50 /rank end to end ${median(endToEnd) <= 30 ? '≤' : '>'} 30 ms target`);
		printResult({
			bench: 'rank-card',
			metric: '/rank command → attachment (WebP), p50',
			figure: median(endToEnd),
			unit: 'ms',
			baseline: median(endToEndCanvacord),
			baselineName: 'same path, canvacord card',
			target: '≤ 30 ms and < 1×',
			met: median(endToEnd) <= 30 && median(endToEnd) < median(endToEndCanvacord),
			note: `p95 ${percentile(endToEnd, 95).toFixed(1)} ms vs ${percentile(endToEndCanvacord, 95).toFixed(1)} ms`
		});
		printResult({
			bench: 'rank-card',
			metric: '/rank repeated, same data (cached), p50',
			figure: median(endToEndWarm),
			unit: 'ms',
			baseline: median(endToEndCanvacord),
			baselineName: 'same path, canvacord card',
			target: '< 1×',
			met: median(endToEndWarm) < median(endToEndCanvacord)
		});
		printResult({
			bench: 'rank-card',
			metric: 'render only, renderRankCard WebP, p50',
			figure: median(tika),
			unit: 'ms',
			baseline: median(canvacordPng),
			baselineName: 'canvacord PNG',
			target: '< 1×',
			met: median(tika) < median(canvacordPng),
			note: `vs canvacord WebP ${(median(tika) / median(canvacordWebp)).toFixed(2)}×`
		});
	} finally {
		await bot.stop();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
