import { container } from '@sapphire/framework';
import { EmbedType, MessageFlags, type APIEmbed, type APIMessage } from 'discord-api-types/v10';
import { DiscordAPIError, PermissionFlagsBits, Routes } from 'discord.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { linkFixRuntime } from '../../src/plugins/message_automation/lib/linkfix/runtime';
import type { ChannelHandle, InteractionHandle, OptionValue, RoleHandle, UserHandle } from '../../src/playground/double';
import { startTestBot, type TestBot } from '../support/harness';

const EMBED_WAIT_MS = 300;

/** Every line of the linkfix_not_yours category, with {owner} filled in. */
function notYoursLines(owner: UserHandle): string[] {
	const table = parse(readFileSync(resolve(__dirname, '../../src/plugins/message_automation/personality.yml'), 'utf8')) as Record<
		string,
		Record<string, string[]>
	>;
	return Object.values(table.linkfix_not_yours!)
		.flat()
		.map((line) => line.replaceAll('{owner}', `<@${owner.id}>`));
}

/** Polls a read until it satisfies `done` (state written after the request a test can wait for). */
async function until<T>(read: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		if (done(value) || Date.now() > deadline) return value;
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

const textOf = (embed: APIEmbed | undefined) => [embed?.title, embed?.description].filter(Boolean).join('\n');
const tweet = (id: number | string, user = 'jack') => `https://x.com/${user}/status/${id}`;
const fxTweet = (id: number | string, user = 'jack') => `https://fxtwitter.com/${user}/status/${id}`;

describe('message_automation: link fixing', () => {
	let bot: TestBot;
	let media: ChannelHandle;
	let quiet: RoleHandle;
	let carol: UserHandle;
	let erin: UserHandle;
	let counter = 1_000;

	const post = (author: UserHandle, content: string, channel: ChannelHandle = bot.general) => bot.double.sendMessage({ channel, author, content });
	const fixOf = (source: APIMessage) =>
		bot.double.waitForMessage({ channel: source.channel_id, where: (message) => message.message_reference?.message_id === source.id });
	const hasFix = (source: APIMessage) =>
		bot.double.messagesIn(source.channel_id).some((message) => message.message_reference?.message_id === source.id);
	/**
	 * Proves a message got no fix without sleeping: messages are routed in order and queued before any later one, so once
	 * a later message's fix is posted and nothing is queued for the earlier one, its fate is decided.
	 */
	const settled = async (source: APIMessage, sentinelChannel = bot.double.channel(source.channel_id)) => {
		// A Bluesky link: the one site no test switches off.
		const sentinel = await post(bot.bob, `https://bsky.app/profile/bob.bsky.social/post/${++counter}`, sentinelChannel);
		await fixOf(sentinel);
		await until(
			() => linkFixRuntime().isQueued(source.id),
			(queued) => !queued
		);
	};
	const leftAlone = async (source: APIMessage, sentinelChannel?: ChannelHandle) => {
		await settled(source, sentinelChannel);
		expect(hasFix(source)).toBe(false);
	};
	const linkfix = (user: UserHandle, subcommand: string, options: Record<string, OptionValue> = {}) =>
		bot.double.slashCommand({ channel: bot.general, user, name: 'linkfix', subcommand, options });
	const replyText = async (handle: InteractionHandle) => textOf((await handle.reply()).embeds?.[0]);
	/** Runs a subcommand and waits for its answer (the change is saved before Tika answers). */
	const configure = async (subcommand: string, options: Record<string, OptionValue> = {}, user = bot.owner) =>
		replyText(await linkfix(user, subcommand, options));
	const storedFix = (source: APIMessage) => container.prisma.linkFixPost.findUnique({ where: { sourceMessageId: source.id } });
	const patchesOf = (message: APIMessage) => bot.double.requestsTo('PATCH', `/channels/${message.channel_id}/messages/${message.id}`);

	beforeAll(async () => {
		bot = await startTestBot({
			config: (c) => {
				c.plugins = {
					...c.plugins,
					settings: { message_automation: { link_fix: { health_probe: { enabled: false }, embed_wait_ms: EMBED_WAIT_MS } } }
				};
			}
		});
		const mods = bot.guild.createRole({ name: 'Mods', permissions: PermissionFlagsBits.ManageMessages, position: 10 });
		quiet = bot.guild.createRole({ name: 'Quiet', position: 2 });
		carol = bot.double.createUser({ username: 'carol' });
		erin = bot.double.createUser({ username: 'erin' });
		bot.guild.addMember(carol, { roles: [mods.id] });
		bot.guild.addMember(erin, { roles: [quiet.id] });
		// Tika may manage messages in #media only.
		media = bot.guild.createChannel({
			name: 'media',
			permissionOverwrites: [{ id: bot.double.bot.id, type: 1, allow: PermissionFlagsBits.ManageMessages }]
		});
		while (!bot.client.channels.cache.has(media.id)) await new Promise((done) => setTimeout(done, 10));
	});
	afterAll(async () => {
		await bot?.stop();
	});

	it.each([
		['X', 'https://x.com/jack/status/20', 'https://fxtwitter.com/jack/status/20'],
		['Twitter (mobile)', 'https://mobile.twitter.com/jack/status/21', 'https://fxtwitter.com/jack/status/21'],
		['Instagram', 'https://www.instagram.com/reel/C1a2b3/', 'https://kkinstagram.com/reel/C1a2b3'],
		['TikTok', 'https://vm.tiktok.com/ZMabc123/', 'https://tnktok.com/t/ZMabc123'],
		['Reddit', 'https://old.reddit.com/r/aww/comments/abc123/a_cat/', 'https://vxreddit.com/r/aww/comments/abc123/a_cat'],
		['Bluesky', 'https://bsky.app/profile/a.bsky.social/post/3kabc', 'https://fxbsky.app/profile/a.bsky.social/post/3kabc'],
		['Threads', 'https://www.threads.com/@someone/post/C1a2b3', 'https://vxthreads.net/@someone/post/C1a2b3'],
		['pixiv', 'https://www.pixiv.net/en/artworks/12345678', 'https://phixiv.net/en/artworks/12345678'],
		['Tumblr', 'https://someblog.tumblr.com/post/123456789/slug', 'https://tpmblr.com/someblog/123456789'],
		['DeviantArt', 'https://www.deviantart.com/artist/art/Painting-987654321', 'https://fixdeviantart.com/artist/art/Painting-987654321']
	])('GIVEN alice posts a %s link THEN Tika replies with the link on its mirror', async (_site, link, fixed) => {
		const source = await post(bot.alice, `look ${link}`);
		expect((await fixOf(source)).content).toBe(fixed);
	});

	it('GIVEN a fix THEN it pings nobody, carries a 🗑️ button for the poster, and is stored for later edits and deletions', async () => {
		const source = await post(bot.alice, `<@${bot.bob.id}> ${tweet(30)}`);
		const fix = await fixOf(source);
		// Recorded once answered, which may be just after the message is stored.
		const request = await bot.double.waitForRequest(
			(r) => r.method === 'POST' && (r.body as { message_reference?: { message_id: string } }).message_reference?.message_id === source.id
		);
		expect(request.body).toMatchObject({ content: fxTweet(30), allowed_mentions: { parse: [], replied_user: false } });
		expect(fix.mentions).toEqual([]);
		const button = (fix.components![0] as { components: { custom_id: string; emoji: { name: string } }[] }).components[0]!;
		expect(button).toMatchObject({ custom_id: `linkfix:delete:${bot.alice.id}`, emoji: { name: '🗑️' } });
		expect(await until(() => storedFix(source), Boolean)).toMatchObject({ fixMessageId: fix.id, authorId: bot.alice.id, guildId: bot.guild.id });
	});

	it('GIVEN <link>, a link in code, or no post link at all THEN nothing is fixed', async () => {
		for (const content of [`quiet <${tweet(31)}>`, `\`${tweet(32)}\``, '```\n' + tweet(33) + '\n```', 'see https://example.com/page']) {
			await leftAlone(await post(bot.alice, content));
		}
	});

	it('GIVEN a spoilered link, a duplicate and tracking parameters THEN the fix keeps the spoiler, fixes each post once and drops the tracking', async () => {
		const source = await post(bot.alice, `||${tweet(40)}|| ${tweet(40)}?s=20&t=abc https://www.instagram.com/p/C9/?igsh=xyz&utm_source=ig`);
		expect((await fixOf(source)).content).toBe(`||${fxTweet(40)}||\nhttps://kkinstagram.com/p/C9`);
	});

	it('GIVEN more links than max_links_per_message THEN only the first five are fixed', async () => {
		const source = await post(bot.alice, [41, 42, 43, 44, 45, 46, 47].map((id) => tweet(id)).join(' '));
		expect((await fixOf(source)).content.split('\n')).toEqual([41, 42, 43, 44, 45].map((id) => fxTweet(id)));
	});

	it('GIVEN Tika has Manage Messages in the channel THEN the original loses its embeds (flags PATCH), and not when another link would lose its preview', async () => {
		const source = await post(bot.alice, tweet(50), media);
		await fixOf(source);
		const patch = await bot.double.waitForRequest({ method: 'PATCH', path: `/channels/${media.id}/messages/${source.id}` });
		expect(patch.body).toMatchObject({ flags: MessageFlags.SuppressEmbeds });
		expect(patch.body).not.toHaveProperty('content');
		expect(patch.status).toBe(200);
		expect(bot.double.message(source.id)!.flags! & MessageFlags.SuppressEmbeds).toBe(MessageFlags.SuppressEmbeds);

		const mixed = await post(bot.alice, `${tweet(51)} https://www.youtube.com/watch?v=abc`, media);
		await fixOf(mixed);
		await settled(mixed);
		expect(patchesOf(mixed)).toEqual([]);
	});

	it('GIVEN Tika lacks Manage Messages THEN the original is left as it is (no request Discord would refuse)', async () => {
		const source = await post(bot.alice, tweet(52));
		await fixOf(source);
		await leftAlone(await post(bot.alice, 'after'));
		expect(patchesOf(source)).toEqual([]);
		// The double refuses it as Discord does: others' messages' flags need Manage Messages in the channel.
		const refused = await bot.client.rest
			.patch(Routes.channelMessage(bot.general.id, source.id), { body: { flags: MessageFlags.SuppressEmbeds } })
			.catch((error: unknown) => error);
		expect(refused).toBeInstanceOf(DiscordAPIError);
		expect(refused).toMatchObject({ status: 403, code: 50013 });
	});

	it('GIVEN the 🗑️ button WHEN bob (a stranger) presses it THEN he is refused privately in character and the fix stays', async () => {
		const source = await post(bot.alice, tweet(60));
		const fix = await fixOf(source);
		const click = await bot.double.clickButton({ message: fix, customId: `linkfix:delete:${bot.alice.id}`, user: bot.bob });
		expect(await click.isEphemeral()).toBe(true);
		expect(notYoursLines(bot.alice)).toContain((await click.reply()).content);
		expect(bot.double.message(fix.id)).toBeDefined();
	});

	it('GIVEN the 🗑️ button WHEN the poster presses it THEN the fix is deleted and forgotten', async () => {
		const source = await post(bot.alice, tweet(61));
		const fix = await fixOf(source);
		// The double shows the fix as soon as it exists; Tika records it once her own request returns, a moment later.
		await until(
			() => storedFix(source),
			(row) => row !== null
		);
		await bot.double.clickButton({ message: fix, customId: `linkfix:delete:${bot.alice.id}`, user: bot.alice });
		await bot.double.waitForRequest({ method: 'DELETE', path: `/channels/${bot.general.id}/messages/${fix.id}` });
		expect(bot.double.message(fix.id)).toBeUndefined();
		expect(bot.double.message(source.id)).toBeDefined();
		expect(
			await until(
				() => storedFix(source),
				(row) => row === null
			)
		).toBeNull();
	});

	it('GIVEN the poster presses 🗑️ the moment the fix appears, before Tika has its id THEN the fix is deleted and nothing of it is kept', async () => {
		// Tika learns her fix's id only when her request returns: here, half a second after the fix is on screen.
		bot.double.slowResponses({ method: 'POST', path: `/channels/${bot.general.id}/messages`, ms: 500 });
		try {
			const source = await post(bot.alice, tweet(63));
			const fix = await fixOf(source);
			await bot.double.clickButton({ message: fix, customId: `linkfix:delete:${bot.alice.id}`, user: bot.alice });
			await bot.double.waitForRequest({ method: 'DELETE', path: `/channels/${bot.general.id}/messages/${fix.id}` });
			expect(bot.double.message(fix.id)).toBeUndefined();
			await until(
				() => linkFixRuntime().isQueued(source.id),
				(q) => !q
			);
			expect(await storedFix(source)).toBeNull();
			expect(linkFixRuntime().index.bySource(source.id)).toBeUndefined();
		} finally {
			bot.double.slowResponses(null);
		}
	});

	it('GIVEN a moderator deletes a fix before Tika has its id THEN no record of it is kept', async () => {
		bot.double.slowResponses({ method: 'POST', path: `/channels/${bot.general.id}/messages`, ms: 500 });
		try {
			const source = await post(bot.alice, tweet(64));
			const fix = await fixOf(source);
			await bot.double.deleteMessage(fix);
			await until(
				() => linkFixRuntime().isQueued(source.id),
				(queued) => !queued
			);
			expect(await storedFix(source)).toBeNull();
			expect(linkFixRuntime().index.bySource(source.id)).toBeUndefined();
		} finally {
			bot.double.slowResponses(null);
		}
	});

	it('GIVEN the 🗑️ button WHEN carol (Manage Messages) presses it on alice’s fix THEN the fix is deleted', async () => {
		const source = await post(bot.alice, tweet(62));
		const fix = await fixOf(source);
		await bot.double.clickButton({ message: fix, customId: `linkfix:delete:${bot.alice.id}`, user: carol });
		await bot.double.waitForRequest({ method: 'DELETE', path: `/channels/${bot.general.id}/messages/${fix.id}` });
		expect(bot.double.message(fix.id)).toBeUndefined();
	});

	it('GIVEN alice deletes her message THEN its fix is deleted too, also after the in-memory index was lost (restart)', async () => {
		const source = await post(bot.alice, tweet(70));
		const fix = await fixOf(source);
		await bot.double.deleteMessage(source);
		await bot.double.waitForRequest({ method: 'DELETE', path: `/channels/${bot.general.id}/messages/${fix.id}` });
		expect(await storedFix(source)).toBeNull();

		const later = await post(bot.alice, tweet(71));
		const laterFix = await fixOf(later);
		// As after a restart: only the database knows the fix until the index is loaded again.
		linkFixRuntime().stop();
		await bot.double.deleteMessage(later);
		await bot.double.waitForRequest({ method: 'DELETE', path: `/channels/${bot.general.id}/messages/${laterFix.id}` });
		await linkFixRuntime().start();
		expect(linkFixRuntime().index.loaded).toBe(true);
	});

	it('GIVEN a moderator deletes a fix, or purges messages in bulk THEN the stored fixes follow', async () => {
		const source = await post(bot.alice, tweet(72));
		const fix = await fixOf(source);
		await until(() => storedFix(source), Boolean);
		await bot.double.deleteMessage(fix);
		expect(
			await until(
				() => storedFix(source),
				(row) => row === null
			)
		).toBeNull();

		const purged = await post(bot.alice, tweet(73));
		const purgedFix = await fixOf(purged);
		await bot.double.dispatch(
			'MESSAGE_DELETE_BULK',
			{ ids: [purged.id], channel_id: bot.general.id, guild_id: bot.guild.id },
			{ guildId: bot.guild.id }
		);
		await bot.double.waitForRequest({ method: 'DELETE', path: `/channels/${bot.general.id}/messages/${purgedFix.id}` });
	});

	it('GIVEN a message with a blocked word and a link THEN the word filter (first) deletes it and no fix is posted', async () => {
		const wordfilter = (subcommand: string) =>
			bot.double.slashCommand({ channel: bot.general, user: bot.owner, name: 'wordfilter', subcommand, options: { pattern: 'forbidden' } });
		await (await wordfilter('add')).reply();
		const calls = () => container.router.stats().find((entry) => entry.name === 'automationLinkFix')!.calls;
		const before = calls();
		const source = await post(bot.alice, `forbidden ${tweet(74)}`);
		await bot.double.waitForRequest({ method: 'DELETE', path: `/channels/${bot.general.id}/messages/${source.id}` });
		await leftAlone(source);
		// Only the sentinel reached the link fixer: routing stopped at the word filter.
		expect(calls() - before).toBe(1);
		await (await wordfilter('remove')).reply();
	});

	it('GIVEN Tika may not embed links in a channel THEN she posts nothing there (a fix would not embed either)', async () => {
		const noEmbeds = bot.guild.createChannel({
			name: 'no-embeds',
			permissionOverwrites: [{ id: bot.double.bot.id, type: 1, deny: PermissionFlagsBits.EmbedLinks }]
		});
		await until(() => bot.client.channels.cache.has(noEmbeds.id), Boolean);
		const source = await post(bot.alice, tweet(75), noEmbeds);
		await leftAlone(source, bot.general);
		expect(bot.double.requestsTo('POST', `/channels/${noEmbeds.id}/messages`)).toEqual([]);
	});

	it('GIVEN the health probe finds the first X mirror down THEN fixes use the next one and /linkfix status says so; when it is back, it is used again', async () => {
		const runtime = linkFixRuntime();
		const real = runtime.fetch;
		const answer = (down: string | null) => (url: string) => Promise.resolve({ status: new URL(url).hostname === down ? 503 : 200 });
		try {
			runtime.fetch = answer('fxtwitter.com');
			expect(await runtime.probeNow()).toEqual(['fxtwitter.com']);
			expect((await fixOf(await post(bot.alice, tweet(76)))).content).toBe('https://fixupx.com/jack/status/76');
			expect(await configure('status')).toContain('**X / Twitter**: → `fixupx.com` (down: fxtwitter.com)');
			runtime.fetch = answer(null);
			expect(await runtime.probeNow()).toEqual(['fxtwitter.com']);
			expect((await fixOf(await post(bot.alice, tweet(77)))).content).toBe(fxTweet(77));
		} finally {
			runtime.fetch = real;
			runtime.health.clear();
		}
		expect(bot.logs.some((line) => line.includes('[linkfix] Mirror fxtwitter.com is down (HTTP 503)'))).toBe(true);
	});

	it('GIVEN alice edits her message THEN the fix follows: new link → fix updated, links removed → fix deleted, link added → fix posted', async () => {
		const source = await post(bot.alice, tweet(80));
		const fix = await fixOf(source);
		await bot.double.editMessage(source, { content: `actually ${tweet(81)}` });
		const edit = await bot.double.waitForRequest({ method: 'PATCH', path: `/channels/${bot.general.id}/messages/${fix.id}` });
		expect(edit.body).toMatchObject({ content: fxTweet(81), allowed_mentions: { parse: [] } });
		expect(bot.double.message(fix.id)!.content).toBe(fxTweet(81));

		await bot.double.editMessage(source, { content: 'never mind' });
		await bot.double.waitForRequest({ method: 'DELETE', path: `/channels/${bot.general.id}/messages/${fix.id}` });
		expect(await storedFix(source)).toBeNull();

		const plain = await post(bot.alice, 'no link yet');
		await bot.double.editMessage(plain, { content: `here: ${tweet(82)}` });
		expect((await fixOf(plain)).content).toBe(fxTweet(82));
	});

	it('GIVEN a member without Manage Server WHEN bob runs an admin subcommand THEN he is refused and nothing changes', async () => {
		const site = await linkfix(bot.bob, 'site', { site: 'twitter', enabled: false });
		expect(await site.isEphemeral()).toBe(true);
		expect(await replyText(site)).toMatch(/Manage Server/i);
		expect(await replyText(await linkfix(bot.bob, 'status'))).toMatch(/Manage Server/i);
		expect((await linkFixRuntime().loadSettings(bot.guild.id)).disabledSites).toEqual([]);
	});

	it('GIVEN the owner runs /linkfix status THEN she sees every site with its mirror and the settings', async () => {
		const status = await linkfix(bot.owner, 'status');
		expect(await status.isEphemeral()).toBe(true);
		const text = await replyText(status);
		expect(text).toContain('**X / Twitter**: → `fxtwitter.com`');
		expect(text).toContain('**DeviantArt**: → `fixdeviantart.com`');
		expect(text).toContain('**Only missing embeds**: no');
		expect(text).toContain('Manage Messages');
	});

	it('GIVEN the owner switches X / Twitter off THEN tweets are left alone while Instagram is still fixed, until she switches it on', async () => {
		expect(await configure('site', { site: 'twitter', enabled: false })).toContain('**Sites off**: X / Twitter');
		const both = await post(bot.alice, `${tweet(90)} https://www.instagram.com/p/C90/`);
		expect((await fixOf(both)).content).toBe('https://kkinstagram.com/p/C90');
		await leftAlone(await post(bot.alice, tweet(91), media));
		await configure('site', { site: 'twitter', enabled: true });
		expect((await fixOf(await post(bot.alice, tweet(92)))).content).toBe(fxTweet(92));
	});

	it('GIVEN the owner turns link fixing off in #media THEN links there are left alone, until she turns it back on', async () => {
		expect(await configure('channel', { channel: media, enabled: false })).toContain(`<#${media.id}>`);
		// The sentinel goes to #general, which is still fixed.
		await leftAlone(await post(bot.alice, tweet(100), media), bot.general);
		await configure('channel', { channel: media, enabled: true });
		await fixOf(await post(bot.alice, tweet(102), media));
	});

	it('GIVEN the owner turns link fixing off for the Quiet role THEN erin’s links are left alone but alice’s are fixed', async () => {
		expect(await configure('role', { role: quiet, enabled: false })).toContain(`<@&${quiet.id}>`);
		await leftAlone(await post(erin, tweet(110)));
		await configure('role', { role: quiet, enabled: true });
		await fixOf(await post(erin, tweet(111)));
	});

	it('GIVEN the owner sets translation to EN THEN X fixes end in /en (others untouched), junk is refused, and "off" stops it', async () => {
		expect(await configure('translate', { language: 'EN' })).toContain('`/en`');
		const source = await post(bot.alice, `${tweet(120)} https://www.instagram.com/p/C120/`);
		expect((await fixOf(source)).content).toBe(`${fxTweet(120)}/en\nhttps://kkinstagram.com/p/C120`);
		expect(await configure('translate', { language: 'english' })).toContain('That is not a language code');
		expect(await configure('translate', { language: 'off' })).toContain('No translation');
		expect((await fixOf(await post(bot.alice, tweet(121)))).content).toBe(fxTweet(121));
	});

	it('GIVEN only missing embeds WHEN Discord embeds one link in time THEN only the other is fixed; with no embed at all both are, after the wait', async () => {
		expect(await configure('missing-embeds', { enabled: true })).toContain('fix only the links that did not get one');
		const source = await post(bot.alice, `${tweet(130)} https://www.instagram.com/p/C130/`);
		await bot.double.unfurl(source, [{ type: EmbedType.Rich, url: 'https://twitter.com/jack/status/130', description: 'a tweet' }]);
		expect((await fixOf(source)).content).toBe('https://kkinstagram.com/p/C130');

		const embedded = await post(bot.alice, tweet(131));
		await bot.double.unfurl(embedded, [{ type: EmbedType.Rich, url: tweet(131), description: 'a tweet' }]);
		const started = Date.now();
		const bare = await post(bot.alice, tweet(132));
		expect((await fixOf(bare)).content).toBe(fxTweet(132));
		expect(Date.now() - started).toBeGreaterThanOrEqual(EMBED_WAIT_MS - 50);
		await until(
			() => linkFixRuntime().isQueued(embedded.id),
			(queued) => !queued
		);
		expect(hasFix(embedded)).toBe(false);
		expect(await configure('missing-embeds', { enabled: false })).toContain('fix every link');
	});

	it('GIVEN alice opts out THEN her links are left alone (bob’s are not), until she opts back in; no Manage Server needed', async () => {
		const optout = await linkfix(bot.alice, 'optout', { state: 'on' });
		expect(await optout.isEphemeral()).toBe(true);
		expect(await replyText(optout)).toContain('Opted out');
		await leftAlone(await post(bot.alice, tweet(140)));
		expect(await configure('optout', { state: 'off' }, bot.alice)).toContain('Opted back in');
		await fixOf(await post(bot.alice, tweet(141)));
	});

	it('GIVEN all of the above THEN the handler never ended routing, so XP and the others saw every message', () => {
		const stats = container.router.stats().find((entry) => entry.name === 'automationLinkFix')!;
		expect(stats.priority).toBe(60);
		expect(stats.calls).toBeGreaterThan(20);
		expect(stats.handled).toBe(0);
		expect(bot.double.unknownRoutes()).toEqual([]);
		expect(bot.logs.filter((line) => line.includes('[linkfix]') && /error|failed/i.test(line))).toEqual([]);
	});
});
