/**
 * ai_chat through both doubles (Discord and OpenAI-compatible): every trigger (mention, reply to an AI answer, listed
 * channel, /ai chat thread), what is sent to the model (display names, memory, persona, sass), /ai reset, folding,
 * the mention lock, streaming cadence and splitting.
 */
import type { APIEmbed, APIMessage } from 'discord-api-types/v10';
import { container } from '@sapphire/framework';
import type { ChannelHandle, InteractionHandle, OptionValue, UserHandle } from '../../src/playground/double';
import { answersTo, answerTo, sleep, startAiBot, TEST_API_KEY, type AiBot } from '../support/ai-chat';
import { piecesOf, textOf, type CompletionBody } from '../support/openai-double';

const textOfEmbed = (embed: APIEmbed | undefined) => [embed?.title, embed?.description].filter(Boolean).join('\n');
const NONE = { parse: [], replied_user: false };

describe('ai_chat: conversations', () => {
	let env: AiBot;
	let mention: string;

	const bot = () => env.bot;
	const ai = () => env.ai;
	const say = (author: UserHandle, content: string, channel: ChannelHandle | string = bot().general, extra: { reference?: APIMessage } = {}) =>
		bot().double.sendMessage({ channel, author, content, ...(extra.reference ? { reference: extra.reference } : {}) });
	const slash = (
		user: UserHandle,
		subcommand: string,
		options: Record<string, OptionValue> = {},
		subcommandGroup?: string,
		channel: ChannelHandle | string = bot().general
	) => bot().double.slashCommand({ channel, user, name: 'ai', subcommand, ...(subcommandGroup ? { subcommandGroup } : {}), options });
	const replyText = async (handle: InteractionHandle) => {
		const reply = await handle.reply();
		return [reply.content, textOfEmbed(reply.embeds?.[0])].filter(Boolean).join('\n');
	};
	const lastPrompt = (): CompletionBody => ai().completions().at(-1)!;
	const systemOf = (body: CompletionBody) => textOf(body.messages[0]!);
	/** What Tika sent to Discord to create and edit `message`. */
	const writesOf = (message: APIMessage) =>
		bot().double.requests.filter(
			(request) =>
				(request.method === 'POST' && (request.response as APIMessage | undefined)?.id === message.id) ||
				(request.method === 'PATCH' && request.path.endsWith(`/messages/${message.id}`))
		);
	/** Proves a message got no answer: a later mention gets one, and no request was made in between. */
	const unanswered = async (message: APIMessage, channel: ChannelHandle | string = bot().general) => {
		const before = ai().completions().length;
		ai().script({ kind: 'answer', text: 'sentinel answer' });
		const sentinel = await say(bot().bob, `${mention} sentinel`, channel);
		await answerTo(bot(), sentinel);
		expect(ai().completions().length).toBe(before + 1);
		expect(answersTo(bot(), message)).toEqual([]);
	};

	beforeAll(async () => {
		env = await startAiBot({ settings: { limits: { member_requests: 0, guild_requests: 0 } } });
		mention = `<@${bot().double.bot.id}>`;
	});
	afterAll(async () => {
		await env?.stop();
	});
	afterEach(() => {
		// Every scripted answer must have been asked for; a leftover would answer the next test's question.
		const left = ai().pending;
		ai().clearScripts();
		expect(left).toBe(0);
	});

	describe('mentions', () => {
		it('GIVEN alice mentions Tika THEN the model gets her display name and message, and streams the reply', async () => {
			ai().script({ kind: 'answer', text: 'Hello Alice, what do you want?' });
			const message = await say(bot().alice, `${mention} hi there`);
			const answer = await answerTo(bot(), message);
			expect(answer.content).toBe('Hello Alice, what do you want?');
			const body = lastPrompt();
			expect(body.stream).toBe(true);
			expect(body.model).toBe('double-model');
			expect(body.max_tokens).toBe(800);
			expect(body.messages[0]!.role).toBe('system');
			expect(textOf(body.messages.at(-1)!)).toBe('Alice: hi there');
			// The key reached the server as a bearer token, and nowhere in the logs.
			expect(ai().requests.at(-1)!.headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);
			expect(bot().logs.join('\n')).not.toContain(TEST_API_KEY);
		});

		it('GIVEN the default sass THEN the system prompt is Tika, sassy, naming the server and channel', () => {
			const system = systemOf(lastPrompt());
			expect(system).toContain('You are');
			expect(system).toContain('"Tika Test"');
			expect(system).toContain('#general');
			expect(system).toMatch(/sassy/);
		});

		it('GIVEN a model slow to answer THEN the typing indicator shows while she waits', async () => {
			ai().latencyMs = 700;
			try {
				const typing = () => bot().double.requestsTo('POST', `/channels/${bot().general.id}/typing`).length;
				const before = typing();
				const message = await say(bot().alice, `${mention} are you typing?`);
				while (typing() === before) await sleep(5);
				expect(answersTo(bot(), message)).toEqual([]);
				await answerTo(bot(), message);
			} finally {
				ai().latencyMs = 0;
			}
		});

		it('GIVEN a message that neither mentions Tika nor replies to her THEN the model is not asked', async () => {
			const message = await say(bot().alice, 'just chatting with friends');
			await unanswered(message);
		});

		it('GIVEN "@Tika ping" THEN the ping command answers and the model is not asked', async () => {
			const before = ai().completions().length;
			const message = await say(bot().alice, `${mention} ping`);
			await bot().double.waitForMessage({ where: (m) => m.message_reference?.message_id === message.id });
			await sleep(100);
			expect(ai().completions().length).toBe(before);
		});
	});

	describe('the mention lock', () => {
		it('GIVEN the model writes @everyone, a member and a role THEN her message pings nobody', async () => {
			const role = bot().guild.createRole({ name: 'Pingable', mentionable: true } as never);
			ai().script({ kind: 'answer', text: `@everyone @here <@${bot().bob.id}> <@&${role.id}> wake up!` });
			const message = await say(bot().alice, `${mention} please wake everyone up`);
			const answer = await answerTo(bot(), message);
			expect(answer.content).toContain('@everyone');
			expect(answer.mention_everyone).toBe(false);
			expect(answer.mentions).toEqual([]);
			expect(answer.mention_roles).toEqual([]);
			const writes = writesOf(answer);
			expect(writes.length).toBeGreaterThan(0);
			for (const write of writes) expect((write.body as { allowed_mentions?: unknown }).allowed_mentions).toEqual(NONE);
		});
	});

	describe('replies and memory', () => {
		it('GIVEN bob replies to her answer THEN she answers him, remembering the conversation by display names', async () => {
			ai().script({ kind: 'answer', text: 'The capital of France is Paris.' });
			const question = await say(bot().alice, `${mention} what is the capital of France?`);
			const first = await answerTo(bot(), question);
			ai().script({ kind: 'answer', text: 'Lyon is lovely too.' });
			const reply = await say(bot().bob, 'and what about Lyon?', bot().general, { reference: first });
			const second = await answerTo(bot(), reply);
			expect(second.content).toBe('Lyon is lovely too.');
			const texts = lastPrompt().messages.map((m) => `${m.role}|${textOf(m)}`);
			expect(texts).toContain('user|Alice: what is the capital of France?');
			expect(texts).toContain('assistant|The capital of France is Paris.');
			expect(texts.at(-1)).toBe('user|Bob: and what about Lyon?');
		});

		it('GIVEN bob replies the moment her answer appears, before Tika has its id THEN she still answers him', async () => {
			// Tika learns her answer's id only when her post returns: here, half a second after it is on screen.
			bot().double.slowResponses({ method: 'POST', path: `/channels/${bot().general.id}/messages`, ms: 500 });
			try {
				ai().script({ kind: 'answer', text: 'Berlin, since 1990.' });
				const question = await say(bot().alice, `${mention} what is the capital of Germany?`);
				const first = await answerTo(bot(), question);
				ai().script({ kind: 'answer', text: 'Bonn was, before.' });
				const reply = await say(bot().bob, 'and before that?', bot().general, { reference: first });
				expect((await answerTo(bot(), reply)).content).toBe('Bonn was, before.');
			} finally {
				bot().double.slowResponses(null);
			}
		});

		it('GIVEN a reply to a Tika message that is not an AI answer THEN the model is not asked', async () => {
			const ping = await bot().double.slashCommand({ channel: bot().general, user: bot().alice, name: 'ping' });
			const pong = await ping.reply();
			const reply = await say(bot().alice, 'nice latency', bot().general, { reference: pong });
			await unanswered(reply);
		});

		it('GIVEN /ai reset by a member without Manage Messages THEN it is refused and the memory stays', async () => {
			const handle = await slash(bot().bob, 'reset');
			expect(await handle.isEphemeral()).toBe(true);
			expect(await replyText(handle)).toMatch(/Manage Messages/);
			ai().script({ kind: 'answer', text: 'Still here.' });
			await answerTo(bot(), await say(bot().alice, `${mention} do you remember Paris?`));
			expect(lastPrompt().messages.map(textOf)).toContain('The capital of France is Paris.');
		});

		it('GIVEN /ai reset by the owner THEN the next request carries no earlier turn', async () => {
			const handle = await slash(bot().owner, 'reset');
			expect((await handle.reply()).content).toBeTruthy();
			ai().script({ kind: 'answer', text: 'Who?' });
			await answerTo(bot(), await say(bot().alice, `${mention} do you remember Paris now?`));
			const body = lastPrompt();
			expect(body.messages).toHaveLength(2);
			expect(textOf(body.messages[1]!)).toBe('Alice: do you remember Paris now?');
		});

		it('GIVEN vision is off and alice attaches a picture THEN the model gets only its name, as text', async () => {
			ai().script({ kind: 'answer', text: 'Nice file name.' });
			const message = await bot().double.sendMessage({
				channel: bot().general,
				author: bot().alice,
				content: `${mention} look`,
				attachments: [{ filename: 'cat.png', content: Buffer.from([1, 2, 3]), contentType: 'image/png' }]
			});
			await answerTo(bot(), message);
			expect(lastPrompt().messages.at(-1)!.content).toBe('Alice: look\n[attached: cat.png]');
		});

		it('GIVEN mentions of other members THEN the model reads their names, not ids', async () => {
			ai().script({ kind: 'answer', text: 'Hi Bob.' });
			await answerTo(bot(), await say(bot().alice, `${mention} say hi to <@${bot().bob.id}>`));
			expect(textOf(lastPrompt().messages.at(-1)!)).toBe('Alice: say hi to @Bob');
		});
	});

	describe('one request per conversation: later messages are folded in', () => {
		it('GIVEN two more messages while an answer streams THEN they go to the model together, answered once', async () => {
			ai().tokenDelayMs = 60;
			try {
				ai().script({ kind: 'answer', text: 'one two three four five six seven eight' }, { kind: 'answer', text: 'Both answered.' });
				const before = ai().completions().length;
				const first = await say(bot().alice, `${mention} count to eight`);
				await ai().waitForCompletions(before + 1);
				const second = await say(bot().alice, `${mention} and then?`);
				const third = await say(bot().bob, `${mention} me too`);
				await answerTo(bot(), first);
				const folded = await answerTo(bot(), third);
				expect(folded.content).toBe('Both answered.');
				expect(ai().completions().length).toBe(before + 2);
				const last = lastPrompt().messages.map(textOf);
				expect(last.slice(-2)).toEqual(['Alice: and then?', 'Bob: me too']);
				expect(answersTo(bot(), second)).toEqual([]);
			} finally {
				ai().tokenDelayMs = 0;
			}
		});
	});

	describe('streaming and splitting', () => {
		it('GIVEN a slow answer THEN the message grows by edits at most once a second and ends without the writing mark', async () => {
			const text = Array.from({ length: 30 }, (_, index) => `word${index}`).join(' ');
			ai().tokenDelayMs = 100;
			try {
				ai().script({ kind: 'answer', text });
				const message = await say(bot().alice, `${mention} talk slowly`);
				const answer = await answerTo(bot(), message, (content) => content === text, 10_000);
				const writes = writesOf(answer);
				const edits = writes.filter((write) => write.method === 'PATCH');
				expect(edits.length).toBeGreaterThanOrEqual(2);
				for (let index = 1; index < writes.length; index++)
					expect(writes[index]!.time - writes[index - 1]!.time).toBeGreaterThanOrEqual(1000);
				// While it grows, the answer says it is not done; the last edit is the finished text.
				expect((writes[0]!.body as { content: string }).content).toMatch(/▌$/);
				expect((edits.at(-1)!.body as { content: string }).content).toBe(text);
			} finally {
				ai().tokenDelayMs = 0;
			}
		});

		it('GIVEN an answer over 2,000 characters THEN it is split on paragraphs and code blocks, fences balanced, each part replying to the last', async () => {
			const paragraph = (n: number) => `Paragraph ${n}. ${'This sentence pads the paragraph out. '.repeat(18).trim()} End of paragraph ${n}.`;
			const code = [
				'```ts',
				...Array.from({ length: 50 }, (_, index) => `const value${index} = compute(${index}); // step ${index}`),
				'```'
			].join('\n');
			const text = [paragraph(1), paragraph(2), paragraph(3), code, paragraph(4)].join('\n\n');
			expect(text.length).toBeGreaterThan(4000);
			ai().script({ kind: 'answer', text, pieces: piecesOf(text) });
			const message = await say(bot().alice, `${mention} write a lot`);
			await answerTo(bot(), message, () => true);
			// Wait for the whole chain: the last part is the one whose content ends like the answer.
			let parts: APIMessage[] = [];
			for (let tries = 0; tries < 200; tries++) {
				parts = chain(message);
				if (parts.length && parts.at(-1)!.content.endsWith(paragraph(4).slice(-30))) break;
				await sleep(25);
			}
			expect(parts.length).toBeGreaterThanOrEqual(3);
			for (const part of parts) {
				expect(part.content.length).toBeLessThanOrEqual(2000);
				expect((part.content.match(/^```/gm) ?? []).length % 2).toBe(0);
				expect(part.content).not.toMatch(/▌$/);
			}
			// Paragraphs are never cut in the middle, and the code continues in the next part with its language.
			for (const n of [1, 2, 3]) expect(parts.some((part) => part.content.includes(paragraph(n)))).toBe(true);
			expect(parts.filter((part) => part.content.includes('```ts')).length).toBeGreaterThanOrEqual(1);
			const joined = parts.map((part) => part.content.replace(/\n?```(ts)?\n?/g, '\n')).join('\n');
			for (let index = 0; index < 50; index++) expect(joined).toContain(`const value${index} = compute(${index}); // step ${index}`);
		});
	});

	describe('listed channels', () => {
		let lounge: ChannelHandle;
		beforeAll(async () => {
			lounge = bot().guild.createChannel('lounge');
			while (!bot().client.channels.cache.has(lounge.id)) await sleep(10);
		});

		it('GIVEN bob lacks Manage Server WHEN he runs /ai channel add THEN he is refused and nothing is listed', async () => {
			const handle = await slash(bot().bob, 'add', { channel: lounge }, 'channel');
			expect(await handle.isEphemeral()).toBe(true);
			expect(await replyText(handle)).toMatch(/Manage Server/i);
			const message = await say(bot().alice, 'anyone here?', lounge);
			await unanswered(message, lounge);
		});

		it('GIVEN the owner lists #lounge THEN every message there is answered without a mention, and /ai channel list shows it', async () => {
			expect(await replyText(await slash(bot().owner, 'add', { channel: lounge }, 'channel'))).toContain('Channel added');
			ai().script({ kind: 'answer', text: 'Lounge talk.' });
			const message = await say(bot().alice, 'anyone here?', lounge);
			expect((await answerTo(bot(), message)).content).toBe('Lounge talk.');
			expect(await replyText(await slash(bot().owner, 'list', {}, 'channel'))).toContain(`<#${lounge.id}>`);
		});

		it('GIVEN the channel is removed THEN plain messages there are left alone again', async () => {
			expect(await replyText(await slash(bot().owner, 'remove', { channel: lounge }, 'channel'))).toContain('Channel removed');
			const message = await say(bot().alice, 'hello again', lounge);
			await unanswered(message, lounge);
			const again = await slash(bot().owner, 'remove', { channel: lounge }, 'channel');
			expect(await replyText(again)).toMatch(/not listed/);
		});
	});

	describe('/ai chat threads', () => {
		it('GIVEN bob runs /ai chat with a topic THEN a thread opens where every message is answered, the topic in the prompt', async () => {
			const handle = await slash(bot().bob, 'chat', { topic: 'space travel' });
			expect(await replyText(handle)).toContain('Thread opened');
			const request = bot().double.requests.find((r) => r.method === 'POST' && r.route === '/channels/:channel/threads')!;
			const thread = request.response as { id: string; name: string };
			expect(thread.name).toBe('space travel');
			const hello = bot()
				.double.messagesIn(thread.id)
				.find((m) => m.author.id === bot().double.bot.id);
			expect(hello?.content).toBeTruthy();
			while (!bot().client.channels.cache.has(thread.id)) await sleep(10);

			ai().script({ kind: 'answer', text: 'Mars first.' });
			const message = await say(bot().bob, 'where should we go?', thread.id);
			expect((await answerTo(bot(), message)).content).toBe('Mars first.');
			expect(systemOf(lastPrompt())).toContain('space travel');

			// The member who opened it may reset it, without Manage Messages.
			const reset = await slash(bot().bob, 'reset', {}, undefined, thread.id);
			expect(await reset.isEphemeral()).toBe(false);
			ai().script({ kind: 'answer', text: 'Fresh start.' });
			await answerTo(bot(), await say(bot().bob, 'hello again', thread.id));
			expect(lastPrompt().messages).toHaveLength(2);
		});
	});

	describe('persona and sass', () => {
		it('GIVEN bob lacks Manage Server WHEN he sets a persona THEN he is refused and nothing is stored', async () => {
			const handle = await slash(bot().bob, 'persona', { text: 'a pirate' });
			expect(await replyText(handle)).toMatch(/Manage Server/i);
			const stored = await container.data.getGuildData<{ persona?: string | null }>(bot().guild.id, 'ai_chat', {});
			expect(stored.persona ?? null).toBeNull();
		});

		it('GIVEN a persona longer than the limit THEN it is refused in character with the numbers, and nothing is stored', async () => {
			const handle = await slash(bot().owner, 'persona', { text: 'p'.repeat(1001) });
			expect(await handle.isEphemeral()).toBe(true);
			const text = await replyText(handle);
			expect(text).toContain('1001 characters; the limit is 1000');
			const stored = await container.data.getGuildData<{ persona?: string | null }>(bot().guild.id, 'ai_chat', {});
			expect(stored.persona ?? null).toBeNull();
		});

		it('GIVEN the owner sets a persona THEN it is in the system prompt, and /ai persona shows it', async () => {
			expect(await replyText(await slash(bot().owner, 'persona', { text: 'You are a grumpy pirate who says arr.' }))).toContain('Persona set');
			ai().script({ kind: 'answer', text: 'Arr.' });
			await answerTo(bot(), await say(bot().alice, `${mention} hello`));
			expect(systemOf(lastPrompt())).toContain('You are a grumpy pirate who says arr.');
			expect(await replyText(await slash(bot().owner, 'persona'))).toContain('grumpy pirate');
		});

		it('GIVEN the persona is cleared and sass is off THEN the prompt has no persona and asks for no sarcasm', async () => {
			expect(await replyText(await slash(bot().owner, 'persona', { clear: true }))).toContain('Persona cleared');
			await (
				await bot().double.slashCommand({
					channel: bot().general,
					user: bot().owner,
					name: 'settings',
					subcommand: 'sass',
					options: { level: 'off' }
				})
			).reply();
			ai().script({ kind: 'answer', text: 'Hello.' });
			await answerTo(bot(), await say(bot().alice, `${mention} hello again`));
			const system = systemOf(lastPrompt());
			expect(system).not.toContain('pirate');
			expect(system).toContain('No sarcasm');
			await (
				await bot().double.slashCommand({
					channel: bot().general,
					user: bot().owner,
					name: 'settings',
					subcommand: 'sass',
					options: { level: 'full' }
				})
			).reply();
		});
	});

	/** Tika's answer to `message` and the parts that reply to it, in order. */
	function chain(message: APIMessage): APIMessage[] {
		const parts: APIMessage[] = [];
		let parentId = message.id;
		for (;;) {
			const next = bot()
				.double.messagesIn(message.channel_id)
				.find((m) => m.author.id === bot().double.bot.id && m.message_reference?.message_id === parentId);
			if (!next) return parts;
			parts.push(bot().double.message(next.id)!);
			parentId = next.id;
		}
	}
});
