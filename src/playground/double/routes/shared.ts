import type { APIAttachment } from 'discord-api-types/v10';
import type { Core } from '../core';
import type { RecordedFile } from '../types';

export type Json = Record<string, unknown>;

/** The request body as an object (routes validate the fields they use). */
export function obj(body: unknown): Json {
	return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Json) : {};
}

/**
 * Turns multipart uploads (`files[n]`) into stored attachments, taking filename/description
 * from the matching `attachments: [{ id: n }]` entry of payload_json like Discord does.
 */
export function uploadedAttachments(core: Core, channelId: string, body: Json, files: RecordedFile[]): APIAttachment[] {
	const meta = Array.isArray(body.attachments) ? (body.attachments as { id: string | number; filename?: string; description?: string }[]) : [];
	return files.map((file) => {
		const index = /\[(\d+)\]/.exec(file.name)?.[1] ?? file.name;
		const info = meta.find((m) => String(m.id) === index);
		return core.storeAttachment(channelId, {
			filename: info?.filename ?? file.filename,
			content: file.bytes,
			contentType: file.contentType,
			description: info?.description
		});
	});
}

export function isEmptyMessage(body: Json, uploads: number): boolean {
	const has = (key: string) =>
		Array.isArray(body[key]) ? (body[key] as unknown[]).length > 0 : body[key] !== undefined && body[key] !== null && body[key] !== '';
	return uploads === 0 && !has('content') && !has('embeds') && !has('components') && !has('sticker_ids') && !has('poll');
}
