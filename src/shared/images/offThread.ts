import { container } from '@sapphire/framework';
import { workerTask } from '#core/workers/index';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Draw = (...args: any[]) => Promise<Uint8Array>;

/**
 * An image drawn and encoded on the core's worker pool (docs/architecture.md#worker-pool): Skia's drawing calls are
 * synchronous, so a card drawn on the main thread holds the event loop for tens of milliseconds. `draw` is the export
 * `name` of `module` (an absolute path, `require.resolve('./file')`), a task module that imports only the canvas kit:
 * it takes plain data (the avatar as downloaded bytes) and returns the encoded image.
 *
 * Should the pool be unavailable (none in this process, closed by a shutdown, a thread lost), the image is drawn here
 * instead, with a warning: the member still gets a picture.
 */
export function offThreadImage<F extends Draw>(module: string, name: string, draw: F, what: string): (...args: Parameters<F>) => Promise<Buffer> {
	const inWorker = workerTask<F>(module, name);
	return async (...args) => {
		try {
			if (!container.workers) throw new Error('no worker pool in this process');
			return asBuffer(await inWorker(...args));
		} catch (error) {
			container.logger?.warn(`[images] ${what} on the worker pool failed, drawing on the main thread: ${String(error)}`);
			return asBuffer(await draw(...args));
		}
	};
}

/** A Buffer crosses a thread as a plain Uint8Array: view the same bytes as a Buffer again (no copy). */
function asBuffer(bytes: Uint8Array): Buffer {
	return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
