/**
 * Helpers for the social plugin's end-to-end tests (tests/e2e/social*.test.ts): which table a line came from, what the
 * bot uploaded and what it allowed to ping.
 */
import { loadImage, type Image } from '@napi-rs/canvas';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import type { InteractionHandle } from '../../src/playground/double/interactions';
import type { RecordedFile } from '../../src/playground/double/types';
import type { TestBot } from './harness';

/** The plugin's lines, to tell which category a reply came from. */
const LINES = parse(readFileSync(resolve(__dirname, '../../src/plugins/social/personality.yml'), 'utf8')) as Record<string, Record<string, string[]>>;

/** Whether `text` is one of `category`'s lines (any tier), placeholders filled with anything. */
export function isLineOf(category: string, text: string): boolean {
	return Object.values(LINES[category]!)
		.flat()
		.some((line) => new RegExp(`^${line.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '.+')}$`, 's').test(text));
}

/** The files the bot uploaded while answering `run` (multipart requests that reached REST). */
export function uploads(bot: TestBot, run: InteractionHandle): RecordedFile[] {
	return bot.double.requests.filter((entry) => entry.path.includes(run.token)).flatMap((entry) => entry.files);
}

export async function uploadedImage(bot: TestBot, run: InteractionHandle): Promise<{ file: RecordedFile; image: Image }> {
	await run.reply();
	const file = uploads(bot, run).at(-1);
	if (!file) throw new Error(`no upload for interaction ${run.id}`);
	return { file, image: await loadImage(file.bytes) };
}

/** What the bot allowed to ping in its answer to `run`. */
export async function allowedMentions(run: InteractionHandle): Promise<unknown> {
	const { data } = await run.response();
	return (data as { allowed_mentions?: unknown }).allowed_mentions;
}
