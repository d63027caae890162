/**
 * The activity chart's drawing, a task module of the worker pool (loaded in a worker thread): the canvas kit only, no
 * Discord, no database. ./chart.ts runs it.
 */
import type { SKRSContext2D } from '@napi-rs/canvas';
import { createCanvas } from '#shared/images/canvas';
import { ensureFonts, font } from '#shared/images/fonts';
import { truncateToWidth } from '#shared/images/layout';
import type { ActivitySummary } from './activity';

export const CHART_WIDTH = 960;
export const CHART_HEIGHT = 420;

const COLORS = {
	background: '#2b2d31',
	panel: '#313338',
	text: '#f2f3f5',
	muted: '#b5bac1',
	grid: '#3f4147',
	bar: '#5865f2',
	barToday: '#eb459e',
	channel: '#57f287'
} as const;

export interface ChartInput {
	title: string;
	summary: ActivitySummary;
	/** Display names for the top channels (`#general`), by id. */
	channelNames: ReadonlyMap<string, string>;
}

/**
 * Draws and encodes the chart (a PNG: messages per day as bars on the left, the busiest channels on the right): the
 * task the worker pool runs (#shared/images/offThread), or the main thread when the pool is unavailable.
 */
export async function drawActivityChart(input: ChartInput): Promise<Buffer> {
	// The shared font stack: channel and server names in any script, emoji included, draw as on the cards.
	ensureFonts();
	const canvas = createCanvas(CHART_WIDTH, CHART_HEIGHT);
	const ctx = canvas.getContext('2d');
	ctx.fillStyle = COLORS.background;
	ctx.fillRect(0, 0, CHART_WIDTH, CHART_HEIGHT);

	ctx.fillStyle = COLORS.text;
	ctx.font = font(22, 'bold');
	ctx.textBaseline = 'top';
	ctx.fillText(fit(ctx, input.title, CHART_WIDTH - 40), 20, 16);
	ctx.font = font(14);
	ctx.fillStyle = COLORS.muted;
	ctx.fillText(`${input.summary.total.toLocaleString('en-US')} messages in ${input.summary.perDay.length} days (UTC)`, 20, 46);

	drawBars(ctx, input.summary, { x: 20, y: 80, width: 600, height: 320 });
	drawTopChannels(ctx, input, { x: 640, y: 80, width: 300, height: 320 });
	return canvas.encode('png');
}

interface Box {
	x: number;
	y: number;
	width: number;
	height: number;
}

function drawBars(ctx: SKRSContext2D, summary: ActivitySummary, box: Box): void {
	panel(ctx, box);
	const days = summary.perDay;
	const max = Math.max(1, ...days.map((day) => day.messages));
	const scale = niceCeiling(max);
	const plot = { x: box.x + 50, y: box.y + 16, width: box.width - 66, height: box.height - 56 };

	ctx.font = font(12);
	ctx.textBaseline = 'middle';
	ctx.textAlign = 'right';
	for (let step = 0; step <= 4; step++) {
		const value = (scale * step) / 4;
		const y = plot.y + plot.height - (plot.height * step) / 4;
		ctx.strokeStyle = COLORS.grid;
		ctx.lineWidth = 1;
		ctx.beginPath();
		ctx.moveTo(plot.x, y);
		ctx.lineTo(plot.x + plot.width, y);
		ctx.stroke();
		ctx.fillStyle = COLORS.muted;
		ctx.fillText(compact(value), plot.x - 8, y);
	}

	const slot = plot.width / Math.max(1, days.length);
	const barWidth = Math.max(2, slot * 0.7);
	const labelEvery = days.length > 14 ? 5 : 2;
	ctx.textAlign = 'center';
	ctx.textBaseline = 'top';
	days.forEach((day, index) => {
		const height = (plot.height * day.messages) / scale;
		const x = plot.x + index * slot + (slot - barWidth) / 2;
		ctx.fillStyle = index === days.length - 1 ? COLORS.barToday : COLORS.bar;
		ctx.fillRect(x, plot.y + plot.height - height, barWidth, height);
		if ((days.length - 1 - index) % labelEvery === 0) {
			ctx.fillStyle = COLORS.muted;
			ctx.fillText(day.day.slice(5), x + barWidth / 2, plot.y + plot.height + 8);
		}
	});
	ctx.textAlign = 'left';
}

function drawTopChannels(ctx: SKRSContext2D, input: ChartInput, box: Box): void {
	panel(ctx, box);
	ctx.textAlign = 'left';
	ctx.textBaseline = 'top';
	ctx.fillStyle = COLORS.text;
	ctx.font = font(16, 'bold');
	ctx.fillText('Top channels', box.x + 16, box.y + 14);
	const top = input.summary.topChannels;
	if (top.length === 0) {
		ctx.font = font(14);
		ctx.fillStyle = COLORS.muted;
		ctx.fillText('No messages counted yet.', box.x + 16, box.y + 48);
		return;
	}
	const max = Math.max(1, top[0]!.messages);
	const rowHeight = 52;
	top.forEach((entry, index) => {
		const y = box.y + 48 + index * rowHeight;
		const name = input.channelNames.get(entry.channelId) ?? '#deleted-channel';
		ctx.font = font(14);
		ctx.fillStyle = COLORS.text;
		const count = compact(entry.messages);
		ctx.fillText(fit(ctx, `${index + 1}. ${name}`, box.width - 90), box.x + 16, y);
		ctx.textAlign = 'right';
		ctx.fillStyle = COLORS.muted;
		ctx.fillText(count, box.x + box.width - 16, y);
		ctx.textAlign = 'left';
		ctx.fillStyle = COLORS.channel;
		ctx.fillRect(box.x + 16, y + 22, ((box.width - 32) * entry.messages) / max, 10);
	});
}

function panel(ctx: SKRSContext2D, box: Box): void {
	ctx.fillStyle = COLORS.panel;
	ctx.beginPath();
	ctx.roundRect(box.x, box.y, box.width, box.height, 10);
	ctx.fill();
}

/** Shortens text with an ellipsis (between whole graphemes) until it fits `width` pixels in the current font. */
function fit(ctx: SKRSContext2D, text: string, width: number): string {
	return truncateToWidth(text, width, (part) => ctx.measureText(part).width);
}

/** The axis top: 1, 2, 2.5 or 5 times a power of ten, at or above `value`. */
export function niceCeiling(value: number): number {
	if (value <= 4) return 4;
	const power = 10 ** Math.floor(Math.log10(value));
	for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
	return 10 * power;
}

function compact(value: number): string {
	if (value >= 1_000_000) return `${(value / 1_000_000).toFixed(1).replace(/\.0$/, '')}M`;
	if (value >= 1_000) return `${(value / 1_000).toFixed(1).replace(/\.0$/, '')}k`;
	return String(Math.round(value * 10) / 10);
}
