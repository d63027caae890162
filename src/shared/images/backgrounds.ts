import type { Canvas, Image, SKRSContext2D } from '@napi-rs/canvas';
import { createCanvas, loadImage } from './canvas';
import { readFile } from 'node:fs/promises';
import { TtlCache } from '#shared/utils/cache';
import { rgba } from './layout';
import { backgroundPath, CARD_BACKGROUNDS, type BackgroundName, type BackgroundPreset } from './theme';

/** The generated images' size: the rank card's. */
export const BACKGROUND_WIDTH = 960;
export const BACKGROUND_HEIGHT = 320;

const loaded = new Map<BackgroundName, Promise<Image | Canvas>>();

/**
 * A preset's background, decoded once per process. Reads assets/images/cards/<name>.webp; if the file is missing or
 * unreadable the same picture is drawn procedurally, so a broken install still gets a themed card.
 */
export function loadBackground(name: BackgroundName): Promise<Image | Canvas> {
	let background = loaded.get(name);
	if (!background) {
		background = readFile(backgroundPath(name))
			.then((bytes) => loadImage(bytes))
			.catch(() => drawnBackground(name));
		loaded.set(name, background);
	}
	return background;
}

/**
 * Backgrounds already scaled to cover a size, by preset and size, in the drawing thread: an image taller than the
 * 960×320 pictures (the leaderboard, 960×792 for ten rows) then copies its background 1:1 instead of scaling it again
 * (0.2 ms against 1.7 ms of CPU for 960×792). Each entry holds width × height × 4 bytes (3 MB for a full board), so only
 * a few are kept.
 */
const covers = new TtlCache<string, Promise<Canvas>>({ ttlMs: 10 * 60_000, maxSize: 3 });

/** `name`'s background scaled and cropped to cover `width` × `height` ({@link drawCover}), drawn once and kept. */
export function loadBackgroundCover(name: BackgroundName, width: number, height: number): Promise<Canvas> {
	const key = `${name} ${width}×${height}`;
	let cover = covers.get(key);
	if (!cover) {
		cover = loadBackground(name).then((background) => {
			const canvas = createCanvas(width, height);
			drawCover(canvas.getContext('2d'), background, 0, 0, width, height);
			return canvas;
		});
		covers.set(key, cover);
	}
	return cover;
}

/** For tests: how many scaled backgrounds this thread keeps, and forgetting them. */
export const backgroundCovers = { size: () => covers.size, clear: () => covers.clear() };

function drawnBackground(name: BackgroundName): Canvas {
	const canvas = createCanvas(BACKGROUND_WIDTH, BACKGROUND_HEIGHT);
	drawPresetBackground(canvas.getContext('2d'), CARD_BACKGROUNDS[name], BACKGROUND_WIDTH, BACKGROUND_HEIGHT);
	return canvas;
}

/** Draws `image` to cover the box (centre crop), like CSS `object-fit: cover`. */
export function drawCover(ctx: SKRSContext2D, image: Image | Canvas, x: number, y: number, width: number, height: number): void {
	const scale = Math.max(width / image.width, height / image.height);
	const sw = width / scale;
	const sh = height / scale;
	ctx.drawImage(image, (image.width - sw) / 2, (image.height - sh) / 2, sw, sh, x, y, width, height);
}

/** A deterministic pseudo-random sequence, so generated backgrounds are identical on every run. */
function seeded(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state * 1664525 + 1013904223) >>> 0;
		return state / 0x1_0000_0000;
	};
}

/** The procedural picture of a preset: a diagonal gradient plus its pattern. Used by the generator script and as fallback. */
export function drawPresetBackground(ctx: SKRSContext2D, preset: BackgroundPreset, width: number, height: number): void {
	const [from, to] = preset.colors;
	const gradient = ctx.createLinearGradient(0, 0, width, height);
	gradient.addColorStop(0, rgba(from, 1));
	gradient.addColorStop(1, rgba(to, 1));
	ctx.fillStyle = gradient;
	ctx.fillRect(0, 0, width, height);
	const random = seeded(width * 31 + height + from);

	switch (preset.pattern) {
		case 'glow': {
			for (const [cx, cy, r, color] of [
				[width * 0.15, height * 0.2, height * 1.1, 0xf47fff],
				[width * 0.85, height * 0.9, height * 1.2, 0x5865f2]
			] as const) {
				const glow = ctx.createRadialGradient(cx, cy, 0, cx, cy, r);
				glow.addColorStop(0, rgba(color, 0.35));
				glow.addColorStop(1, rgba(color, 0));
				ctx.fillStyle = glow;
				ctx.fillRect(0, 0, width, height);
			}
			break;
		}
		case 'stars': {
			for (let i = 0; i < 180; i++) {
				ctx.fillStyle = `rgba(255, 255, 255, ${0.2 + random() * 0.7})`;
				ctx.beginPath();
				ctx.arc(random() * width, random() * height, random() * 1.6 + 0.3, 0, Math.PI * 2);
				ctx.fill();
			}
			break;
		}
		case 'waves': {
			ctx.lineWidth = 3;
			for (let band = 0; band < 7; band++) {
				ctx.strokeStyle = `rgba(255, 255, 255, ${0.05 + band * 0.02})`;
				ctx.beginPath();
				const base = height * (0.3 + band * 0.1);
				for (let x = 0; x <= width; x += 8) ctx.lineTo(x, base + Math.sin(x / 70 + band) * 14);
				ctx.stroke();
			}
			break;
		}
		case 'petals': {
			for (let i = 0; i < 40; i++) {
				ctx.save();
				ctx.translate(random() * width, random() * height);
				ctx.rotate(random() * Math.PI);
				ctx.fillStyle = `rgba(255, 228, 240, ${0.25 + random() * 0.35})`;
				ctx.beginPath();
				ctx.ellipse(0, 0, 6 + random() * 6, 3 + random() * 3, 0, 0, Math.PI * 2);
				ctx.fill();
				ctx.restore();
			}
			break;
		}
		case 'bands': {
			for (const [offset, color] of [
				[0.35, 0x3ddc97],
				[0.55, 0x8e6dbf],
				[0.75, 0x2ec4b6]
			] as const) {
				const band = ctx.createLinearGradient(0, height * (offset - 0.25), 0, height * (offset + 0.25));
				band.addColorStop(0, rgba(color, 0));
				band.addColorStop(0.5, rgba(color, 0.28));
				band.addColorStop(1, rgba(color, 0));
				ctx.fillStyle = band;
				ctx.beginPath();
				ctx.moveTo(0, height * (offset - 0.25));
				for (let x = 0; x <= width; x += 16) ctx.lineTo(x, height * (offset - 0.2) + Math.sin(x / 120 + offset * 9) * 24);
				ctx.lineTo(width, height * (offset + 0.25));
				ctx.lineTo(0, height * (offset + 0.25));
				ctx.closePath();
				ctx.fill();
			}
			break;
		}
		case 'grid': {
			ctx.strokeStyle = 'rgba(255, 255, 255, 0.05)';
			ctx.lineWidth = 1;
			for (let x = 0; x <= width; x += 24) {
				ctx.beginPath();
				ctx.moveTo(x + 0.5, 0);
				ctx.lineTo(x + 0.5, height);
				ctx.stroke();
			}
			for (let y = 0; y <= height; y += 24) {
				ctx.beginPath();
				ctx.moveTo(0, y + 0.5);
				ctx.lineTo(width, y + 0.5);
				ctx.stroke();
			}
			break;
		}
		case 'dots': {
			for (let y = 12; y < height; y += 24) {
				for (let x = 12 + ((y / 24) % 2) * 12; x < width; x += 24) {
					ctx.fillStyle = `rgba(200, 255, 220, ${0.05 + random() * 0.1})`;
					ctx.beginPath();
					ctx.arc(x, y, 2.5, 0, Math.PI * 2);
					ctx.fill();
				}
			}
			break;
		}
	}
}
