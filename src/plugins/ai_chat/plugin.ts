import { z } from 'zod/mini';
import { definePlugin } from '#core/plugins/manifest';
import type * as Memory from './lib/memoryReport';
import { setupProblem } from './lib/setup';

const int = (expected: string, min: number, max: number, fallback: number) =>
	z._default(z.int({ error: expected }).check(z.gte(min, { error: expected }), z.lte(max, { error: expected })), fallback);

/**
 * config.yml → plugins.settings.ai_chat. The provider (any OpenAI-compatible chat-completions server), its model and
 * Tika's limits; the key is a secret and lives in the environment (`AI_API_KEY` in .env), never here.
 */
export const aiChatConfig = z.strictObject({
	/** The server's OpenAI-compatible base, ending in /v1 for most: https://api.openai.com/v1, http://127.0.0.1:11434/v1 ... */
	base_url: z._default(
		z
			.string({ error: 'an http:// or https:// URL such as https://api.openai.com/v1' })
			.check(z.regex(/^(https?:\/\/[^\s/]+(\/\S*)?)?$/, { error: 'an http:// or https:// URL such as https://api.openai.com/v1 (or empty)' })),
		''
	),
	/** The model name as the server knows it: gpt-4o-mini, llama3.1:8b, meta-llama/llama-3.1-8b-instruct ... */
	model: z._default(
		z.string({ error: 'a model name such as gpt-4o-mini' }).check(z.maxLength(200, { error: 'a model name of at most 200 characters' })),
		''
	),
	/** The model accepts images: members' attached pictures are passed on. */
	vision: z._default(z.boolean({ error: 'true or false' }), false),
	/** Most pictures passed on per request (vision only). */
	max_images: int('a whole number of images from 0 to 10', 0, 10, 4),
	/** Longest answer, in tokens (the request's max_tokens). */
	max_output_tokens: int('a whole number of tokens from 16 to 8192', 16, 8192, 800),
	/** Sampling temperature; empty for the server's default. */
	temperature: z.optional(
		z.number({ error: 'a number from 0 to 2' }).check(z.gte(0, { error: 'a number from 0 to 2' }), z.lte(2, { error: 'a number from 0 to 2' }))
	),
	/** How long to wait for the server to start answering, in milliseconds. */
	timeout_ms: int('a whole number of milliseconds from 1000 to 600000', 1000, 600_000, 60_000),
	/** Longest silence between two streamed pieces of an answer before it counts as a timeout, in milliseconds. */
	idle_timeout_ms: int('a whole number of milliseconds from 1000 to 600000', 1000, 600_000, 30_000),
	/** Retries of a 429 / 5xx / connection error by the openai client (it waits what Retry-After asks, up to a minute). */
	max_retries: int('a whole number of retries from 0 to 5', 0, 5, 1),
	/** Streaming: the answer is edited at most this often, in milliseconds (Discord: 1 edit a second at most). */
	stream_edit_interval_ms: int('a whole number of milliseconds from 1000 to 10000', 1000, 10_000, 1000),
	/** Longest /ai persona, in characters. */
	persona_max_length: int('a whole number of characters from 50 to 4000', 50, 4000, 1000),
	/** Most channels /ai channel add may list per server. */
	max_channels: int('a whole number of channels from 1 to 100', 1, 100, 20),
	memory: z.prefault(
		z.strictObject({
			/** Token budget for the remembered conversation (the system prompt and the answer come on top). */
			max_tokens: int('a whole number of tokens from 100 to 100000', 100, 100_000, 2000),
			/** Keep conversations in the database so they survive a restart; off: memory lives in this process only. */
			persist: z._default(z.boolean({ error: 'true or false' }), false),
			/** Conversations kept in memory at once (least recently used dropped first; persisted ones reload). */
			max_conversations: int('a whole number of conversations from 10 to 100000', 10, 100_000, 1000)
		}),
		{}
	),
	limits: z.prefault(
		z.strictObject({
			/** The rate-limit window, in seconds. */
			window_seconds: int('a whole number of seconds from 1 to 3600', 1, 3600, 60),
			/** Messages one member may send Tika per window (0: no limit). */
			member_requests: int('a whole number of requests from 0 to 1000', 0, 1000, 6),
			/** Messages the whole server may send Tika per window (0: no limit). */
			guild_requests: int('a whole number of requests from 0 to 10000', 0, 10_000, 40),
			/** Tokens one member may spend per UTC day (0: no limit). */
			member_daily_tokens: int('a whole number of tokens from 0 to 100000000', 0, 100_000_000, 20_000),
			/** Tokens the whole server may spend per UTC day (0: no limit). */
			guild_daily_tokens: int('a whole number of tokens from 0 to 1000000000', 0, 1_000_000_000, 200_000)
		}),
		{}
	)
});

export type AiChatConfig = z.output<typeof aiChatConfig>;

export default definePlugin({
	name: 'ai_chat',
	category: 'automation',
	description: 'Tika talks: answers mentions, replies and chosen channels through any OpenAI-compatible server. Requires an API key.',
	version: '1.0.0',
	// Off until a server turns it on: it costs money and needs the operator's key.
	defaultEnabled: false,
	// The word filter applies to her answers when moderation is installed and on in the guild.
	optionalDependencies: ['moderation'],
	// Turning it on without a key or a server is refused with what to set; the same sentence refuses its commands.
	enableRefusal: () => setupProblem(),
	requirements: () => setupProblem(),
	personality: [
		'ai_slow_down',
		'ai_guild_busy',
		'ai_member_budget',
		'ai_guild_budget',
		'ai_error_auth',
		'ai_error_model',
		'ai_error_rate',
		'ai_error_server',
		'ai_error_timeout',
		'ai_error_connection',
		'ai_error_empty',
		'ai_cut_off',
		'ai_filtered',
		'ai_thread_hello',
		'ai_reset',
		'ai_persona_too_long',
		'ai_not_here'
	],
	// {topic}: what an /ai chat thread is about; {when}: a Discord timestamp.
	placeholders: ['topic', 'when'],
	config: aiChatConfig,
	// The conversation memory held in this process; required when asked, not at start-up.
	memory: () => (require('./lib/memoryReport') as typeof Memory).aiChatMemory()
});
