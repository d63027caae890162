/**
 * The chapel across a restart: votes waiting for their flush are written at a clean shutdown (SIGTERM), and after the
 * restart the chapels load from the database and reactions on messages the new process never saw edit the same post.
 * Tika runs as a real process (a second client in one jest process never becomes ready), with its edit delay set
 * in a copy of config.yml.
 */
import type { APIMessage } from 'discord-api-types/v10';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiscordDouble, type ChannelHandle, type UserHandle } from '../../src/playground/double';
import { botEnv, REPO_ROOT, startBotProcess, stopBotProcess, type BotProcess } from '../support/process';

const DELAY_MS = 3_000;

describe('chapel across a restart', () => {
	let dir: string;
	let double: DiscordDouble;
	let owner: UserHandle;
	let voters: UserHandle[];
	let general: ChannelHandle;
	let chapel: ChannelHandle;
	let env: Record<string, string>;
	let bot: BotProcess | null = null;

	const postsIn = () => double.messagesIn(chapel).filter((message) => message.author.id === double.bot.id);
	const countOf = (post: APIMessage) => /\*\*(\d+)\*\*/.exec(double.message(post.id)?.content ?? '')?.[1];
	const react = async (message: APIMessage, users: UserHandle[]) => {
		for (const user of users) await double.react({ message, user, emoji: '⭐' });
	};

	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), 'tika-chapel-'));
		double = await new DiscordDouble().start();
		owner = double.createUser({ username: 'owner' });
		const guild = double.createGuild({ name: 'Chapel Restart', ownerId: owner });
		voters = Array.from({ length: 4 }, (_, index) => {
			const user = double.createUser({ username: `voter${index}` });
			guild.addMember(user);
			return user;
		});
		general = guild.createChannel('general');
		chapel = guild.createChannel('chapel');
		// Long enough that the vote cast just before the signal is still waiting for its flush when the signal comes.
		const config = readFileSync(join(REPO_ROOT, 'config.yml'), 'utf8').replace(
			/^ {2}settings: \{\}$/m,
			`  settings:\n    chapel:\n      edit_delay_ms: ${DELAY_MS}\n      edit_max_wait_ms: ${DELAY_MS}`
		);
		expect(config).toContain(`edit_delay_ms: ${DELAY_MS}`);
		writeFileSync(join(dir, 'config.yml'), config);
		env = botEnv(double, `file:${join(dir, 'tika.db')}`, { BOT_OWNERS: owner.id, TIKA_CONFIG: join(dir, 'config.yml') });
	});

	afterAll(async () => {
		if (bot) await stopBotProcess(bot);
		await double?.stop();
		if (dir) rmSync(dir, { recursive: true, force: true });
	});

	it('GIVEN a vote seconds before a SIGTERM WHEN Tika restarts THEN it was counted, and new reactions edit the same post', async () => {
		bot = await startBotProcess(double, env);
		const setup = await double.slashCommand({
			channel: general,
			user: owner,
			name: 'chapel',
			subcommand: 'setup',
			options: { channel: chapel, threshold: 2 }
		});
		expect((await setup.reply()).embeds?.[0]?.title).toContain('Chapel created');
		const source = await double.sendMessage({ channel: general, author: owner, content: 'remember me' });
		await react(source, voters.slice(0, 2));
		const post = await double.waitForMessage({ channel: chapel });
		expect(countOf(post)).toBe('2');

		// Waiting for its flush when the signal comes: the shutdown writes the vote and edits the post.
		await react(source, voters.slice(2, 3));
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(countOf(post)).toBe('2');
		expect((await stopBotProcess(bot)).code).toBe(0);
		expect(countOf(post)).toBe('3');

		bot = await startBotProcess(double, env);
		await react(source, voters.slice(3, 4));
		await double.waitForRequest((request) => request.method === 'PATCH' && request.path.endsWith(`/messages/${post.id}`), {
			timeout: DELAY_MS * 3
		});
		expect(countOf(post)).toBe('4');
		expect(postsIn()).toHaveLength(1);
	}, 180_000);
});
