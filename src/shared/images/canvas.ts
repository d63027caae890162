import type * as CanvasModule from '@napi-rs/canvas';
import { lazy } from '#core/lazy';

/**
 * `@napi-rs/canvas`, a native addon (Skia) that takes ≈ 140 ms to load: required on the first image drawn, not at
 * start-up (core's `lazy`). Draw through these instead of a value `import` from '@napi-rs/canvas' (types may still be
 * imported with `import type`), or the addon loads with the importing file.
 */
export const napiCanvas = lazy(() => require('@napi-rs/canvas') as typeof CanvasModule);

export function createCanvas(width: number, height: number): CanvasModule.Canvas {
	return napiCanvas().createCanvas(width, height);
}

export function loadImage(...args: Parameters<typeof CanvasModule.loadImage>): ReturnType<typeof CanvasModule.loadImage> {
	return napiCanvas().loadImage(...args);
}
