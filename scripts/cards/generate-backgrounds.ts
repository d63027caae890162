/**
 * Writes the rank card background presets to assets/images/cards/<name>.webp from the table in
 * src/shared/images/theme.ts. Run after adding or changing a preset:
 *
 *   npx tsx scripts/cards/generate-backgrounds.ts
 */
import { createCanvas } from '@napi-rs/canvas';
import { mkdirSync, writeFileSync } from 'node:fs';
import { BACKGROUND_HEIGHT, BACKGROUND_WIDTH, drawPresetBackground } from '../../src/shared/images/backgrounds';
import { BACKGROUND_DIR, BACKGROUND_NAMES, backgroundPath, CARD_BACKGROUNDS } from '../../src/shared/images/theme';
import { exitOnHelp } from '../lib/help';

exitOnHelp('Usage: npx tsx scripts/cards/generate-backgrounds.ts\n\nWrites the rank card background presets to assets/images/cards/<name>.webp.');

mkdirSync(BACKGROUND_DIR, { recursive: true });
for (const name of BACKGROUND_NAMES) {
	const canvas = createCanvas(BACKGROUND_WIDTH, BACKGROUND_HEIGHT);
	drawPresetBackground(canvas.getContext('2d'), CARD_BACKGROUNDS[name], BACKGROUND_WIDTH, BACKGROUND_HEIGHT);
	const bytes = canvas.encodeSync('webp', 82);
	writeFileSync(backgroundPath(name), bytes);
	console.log(`${name}.webp ${(bytes.length / 1024).toFixed(1)} KiB`);
}
