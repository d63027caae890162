import type { Canvas, Image, SKRSContext2D } from '@napi-rs/canvas';
import { font } from './fonts';
import { initials, luminance, rgba } from './layout';

/**
 * 'webp': WebP at {@link WEBP_QUALITY}, the default. 'jpeg': JPEG at {@link JPEG_QUALITY}, for large opaque images
 * whose WebP encode is too slow: the leaderboard (960×792) encodes in 8.4 ms against 44 ms as WebP, as faithfully.
 * Discord shows all three inline.
 */
export type CardFormat = 'webp' | 'jpeg' | 'png';
/** WebP at this quality: faster to encode than PNG here, a third of the bytes, and Discord shows it inline. */
export const WEBP_QUALITY = 85;
/** JPEG at this quality: more faithful than WebP at {@link WEBP_QUALITY} on the leaderboard (41.2 dB PSNR against 40.4; 92 and below are less). */
export const JPEG_QUALITY = 95;

/** Encodes off the main thread (`encode` runs on libuv's pool). */
export function encodeCard(canvas: Canvas, format: CardFormat = 'webp'): Promise<Buffer> {
	if (format === 'png') return canvas.encode('png');
	return format === 'jpeg' ? canvas.encode('jpeg', JPEG_QUALITY) : canvas.encode('webp', WEBP_QUALITY);
}

export function roundedRect(ctx: SKRSContext2D, x: number, y: number, width: number, height: number, radius: number): void {
	const r = Math.max(0, Math.min(radius, width / 2, height / 2));
	ctx.beginPath();
	ctx.moveTo(x + r, y);
	ctx.arcTo(x + width, y, x + width, y + height, r);
	ctx.arcTo(x + width, y + height, x, y + height, r);
	ctx.arcTo(x, y + height, x, y, r);
	ctx.arcTo(x, y, x + width, y, r);
	ctx.closePath();
}

/** A round avatar, or the member's initials on the accent colour when there is no image. */
export function drawAvatar(ctx: SKRSContext2D, image: Image | null, name: string, cx: number, cy: number, radius: number, accent: number): void {
	ctx.save();
	ctx.beginPath();
	ctx.arc(cx, cy, radius, 0, Math.PI * 2);
	ctx.closePath();
	if (image) {
		ctx.clip();
		ctx.drawImage(image, cx - radius, cy - radius, radius * 2, radius * 2);
	} else {
		ctx.fillStyle = rgba(accent, 1);
		ctx.fill();
		ctx.fillStyle = luminance(accent) > 0.5 ? '#1e1f22' : '#ffffff';
		ctx.font = font(Math.round(radius * 0.8), 'bold');
		ctx.textAlign = 'center';
		ctx.textBaseline = 'middle';
		ctx.fillText(initials(name), cx, cy + radius * 0.04);
	}
	ctx.restore();
}

/** A rounded progress bar: a translucent track and the accent fill (at least a dot when there is any progress). */
export function drawProgressBar(ctx: SKRSContext2D, x: number, y: number, width: number, height: number, ratio: number, accent: number): void {
	roundedRect(ctx, x, y, width, height, height / 2);
	ctx.fillStyle = 'rgba(255, 255, 255, 0.14)';
	ctx.fill();
	const clamped = Math.min(1, Math.max(0, ratio));
	if (clamped <= 0) return;
	const filled = Math.max(height, width * clamped);
	const gradient = ctx.createLinearGradient(x, y, x + filled, y);
	gradient.addColorStop(0, rgba(accent, 0.75));
	gradient.addColorStop(1, rgba(accent, 1));
	roundedRect(ctx, x, y, filled, height, height / 2);
	ctx.fillStyle = gradient;
	ctx.fill();
}

export const TEXT = '#ffffff';
export const MUTED = '#c4c9d4';
