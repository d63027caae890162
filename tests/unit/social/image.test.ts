import { createCanvas, loadImage, type Image } from '@napi-rs/canvas';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { clearAvatarCache } from '#shared/images/avatar';
import { ACTION_NAMES } from '#plugins/social/lib/actions';
import { ACTION_IMAGE_HEIGHT, ACTION_IMAGE_WIDTH, renderActionImage, type ActionMember } from '#plugins/social/lib/image';

let server: Server;
let origin: string;

beforeAll(async () => {
	const avatar = createCanvas(64, 64);
	avatar.getContext('2d').fillStyle = '#00ff00';
	avatar.getContext('2d').fillRect(0, 0, 64, 64);
	const png = avatar.toBuffer('image/png');
	server = createServer((request, response) => {
		if (request.url === '/green.png') response.writeHead(200, { 'content-type': 'image/png' }).end(png);
		else if (request.url === '/slow.png') setTimeout(() => response.writeHead(200).end(png), 5_000).unref();
		else response.writeHead(404).end();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => clearAvatarCache());

/** RGB of one pixel: the image drawn shifted onto a 1×1 canvas. */
function pixel(image: Image, x: number, y: number): [number, number, number] {
	const ctx = createCanvas(1, 1).getContext('2d');
	ctx.drawImage(image, -x, -y);
	const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
	return [r!, g!, b!];
}

const alice: ActionMember = { name: 'Alice', avatarUrl: null, accent: 0xff0000 };
const bob: ActionMember = { name: 'Bob', avatarUrl: null, accent: 0x0000ff };

describe('the action picture', () => {
	it.each(ACTION_NAMES)('GIVEN /%s THEN the picture is a 720×300 WebP that decodes', async (action) => {
		const image = await renderActionImage(action, alice, bob);
		expect(image.subarray(8, 12).toString('latin1')).toBe('WEBP');
		const decoded = await loadImage(image);
		expect([decoded.width, decoded.height]).toEqual([ACTION_IMAGE_WIDTH, ACTION_IMAGE_HEIGHT]);
	});

	it('GIVEN avatar URLs THEN both avatars are drawn from the shared loader, actor left and target right (a pat: no lean, no tilt)', async () => {
		const image = await loadImage(
			await renderActionImage('pat', { ...alice, avatarUrl: `${origin}/green.png` }, { ...bob, avatarUrl: `${origin}/green.png` })
		);
		for (const x of [170, ACTION_IMAGE_WIDTH - 170]) {
			const [r, g, b] = pixel(image, x, 128 + 50);
			expect(g).toBeGreaterThan(200);
			expect(r + b).toBeLessThan(80);
		}
	});

	it('GIVEN an avatar that fails or hangs THEN the picture still comes, with initials on the accent colour, within the loader timeout', async () => {
		const started = performance.now();
		const image = await loadImage(
			await renderActionImage('pat', { ...alice, avatarUrl: `${origin}/missing.png` }, { ...bob, avatarUrl: `${origin}/slow.png` })
		);
		// The loader gives up after 1.5 s; the slow avatar answers after 5 s.
		expect(performance.now() - started).toBeLessThan(3_000);
		const [r, , b] = pixel(image, 170, 128 + 60);
		expect(r).toBeGreaterThan(200);
		expect(b).toBeLessThan(60);
		const [tr, , tb] = pixel(image, ACTION_IMAGE_WIDTH - 170, 128 + 60);
		expect(tb).toBeGreaterThan(200);
		expect(tr).toBeLessThan(60);
	});
});
