import type { Image, SKRSContext2D } from '@napi-rs/canvas';
import { createCanvas } from '#shared/images/canvas';
import { loadAvatar } from '#shared/images/avatar';
import { drawAvatar, encodeCard, roundedRect, TEXT } from '#shared/images/draw';
import { ensureFonts, font } from '#shared/images/fonts';
import { fitText, rgba } from '#shared/images/layout';
import { ACTIONS, type ActionName, type SocialAction } from './actions';
import { caption } from './phrasing';

export const ACTION_IMAGE_WIDTH = 720;
export const ACTION_IMAGE_HEIGHT = 300;

export interface ActionMember {
	name: string;
	/** A static avatar URL, or null for Discord's default avatar (drawn as initials without a network round trip). */
	avatarUrl: string | null;
	/** 0xRRGGBB behind the initials when there is no avatar. */
	accent: number;
}

const AVATAR_RADIUS = 84;
const AVATAR_Y = 128;

/**
 * The picture of an action: both members' avatars (through the shared loader, with its timeout and initials fallback),
 * the action's emoji, a few sparkles and the caption "Alice hugs Bob", on the action's gradient. Drawn locally, so it
 * needs no GIF service and works offline. WebP, like the rank card.
 */
export async function renderActionImage(action: ActionName, actor: ActionMember, target: ActionMember): Promise<Buffer> {
	ensureFonts();
	const spec = ACTIONS[action];
	const [actorAvatar, targetAvatar] = await Promise.all([loadAvatar(actor.avatarUrl), loadAvatar(target.avatarUrl)]);
	const canvas = createCanvas(ACTION_IMAGE_WIDTH, ACTION_IMAGE_HEIGHT);
	const ctx = canvas.getContext('2d');

	drawBackdrop(ctx, spec);
	drawSparkles(ctx, spec, `${actor.name}\u0000${target.name}`);

	// Avatars lean in for a hug or a high five; otherwise they keep a polite distance.
	const inset = spec.close ? 220 : 170;
	drawMember(ctx, actorAvatar, actor, inset, AVATAR_Y, spec.close ? 0.12 : 0, 1);
	const targetTilt = spec.pose === 'tilt' ? 0.22 : spec.close ? -0.12 : 0;
	drawMember(ctx, targetAvatar, target, ACTION_IMAGE_WIDTH - inset, AVATAR_Y, targetTilt, spec.pose === 'squash' ? 0.78 : 1);

	const targetX = ACTION_IMAGE_WIDTH - inset;
	const [emojiX, emojiY, emojiSize] =
		spec.placement === 'over_target' ? [targetX - 36, AVATAR_Y - AVATAR_RADIUS + 24, 84] : [ACTION_IMAGE_WIDTH / 2, AVATAR_Y + 10, 96];
	ctx.font = font(emojiSize);
	// Colour glyphs still take the fill's alpha: an opaque fill keeps the emoji at full strength.
	ctx.fillStyle = TEXT;
	ctx.textAlign = 'center';
	ctx.textBaseline = 'middle';
	ctx.fillText(spec.emoji, emojiX, emojiY);

	drawCaption(ctx, caption(action, actor.name, target.name));
	return encodeCard(canvas, 'webp');
}

function drawBackdrop(ctx: SKRSContext2D, spec: SocialAction): void {
	const [from, to] = spec.colors;
	const gradient = ctx.createLinearGradient(0, 0, ACTION_IMAGE_WIDTH, ACTION_IMAGE_HEIGHT);
	gradient.addColorStop(0, rgba(from, 1));
	gradient.addColorStop(1, rgba(to, 1));
	roundedRect(ctx, 0, 0, ACTION_IMAGE_WIDTH, ACTION_IMAGE_HEIGHT, 28);
	ctx.fillStyle = gradient;
	ctx.fill();
	// A dark band under the caption keeps white text readable on the lightest gradients.
	ctx.fillStyle = 'rgba(20, 16, 32, 0.38)';
	ctx.fillRect(0, ACTION_IMAGE_HEIGHT - 64, ACTION_IMAGE_WIDTH, 64);
}

/** Sparkles at positions seeded by the pair's names: the same pair gets the same picture, different pairs vary. */
function drawSparkles(ctx: SKRSContext2D, spec: SocialAction, seedText: string): void {
	let state = [...seedText].reduce((hash, char) => (Math.imul(hash, 31) + char.codePointAt(0)!) >>> 0, 7);
	const random = () => {
		state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
		return state / 0x1_0000_0000;
	};
	ctx.textAlign = 'center';
	ctx.textBaseline = 'middle';
	for (let i = 0; i < 9; i++) {
		ctx.save();
		ctx.globalAlpha = 0.55 + random() * 0.35;
		ctx.fillStyle = TEXT;
		ctx.font = font(Math.round(18 + random() * 16));
		// Keep the sparkles in the top band and the middle column, clear of the faces.
		const x = i % 3 === 0 ? ACTION_IMAGE_WIDTH / 2 + (random() - 0.5) * 120 : 24 + random() * (ACTION_IMAGE_WIDTH - 48);
		const y = i % 3 === 0 ? 36 + random() * 170 : 20 + random() * 36;
		ctx.fillText(spec.sparkles[i % spec.sparkles.length]!, x, y);
		ctx.restore();
	}
}

function drawMember(ctx: SKRSContext2D, avatar: Image | null, member: ActionMember, cx: number, cy: number, tilt: number, squash: number): void {
	ctx.save();
	// Squashing keeps the avatar's feet on the ground: scale from its bottom edge.
	ctx.translate(cx, cy + AVATAR_RADIUS);
	ctx.rotate(tilt);
	ctx.scale(1, squash);
	ctx.translate(-cx, -(cy + AVATAR_RADIUS));
	ctx.beginPath();
	ctx.arc(cx, cy, AVATAR_RADIUS + 6, 0, Math.PI * 2);
	ctx.fillStyle = '#ffffff';
	ctx.fill();
	drawAvatar(ctx, avatar, member.name, cx, cy, AVATAR_RADIUS, member.accent);
	ctx.restore();
}

function drawCaption(ctx: SKRSContext2D, text: string): void {
	const fitted = fitText(text, ACTION_IMAGE_WIDTH - 64, { max: 30, min: 20 }, (size) => {
		ctx.font = font(size, 'bold');
		return (candidate) => ctx.measureText(candidate).width;
	});
	ctx.font = font(fitted.size, 'bold');
	ctx.textAlign = 'center';
	ctx.textBaseline = 'middle';
	ctx.fillStyle = TEXT;
	ctx.fillText(fitted.text, ACTION_IMAGE_WIDTH / 2, ACTION_IMAGE_HEIGHT - 32);
}
