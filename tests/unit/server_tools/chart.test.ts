import { loadImage } from '@napi-rs/canvas';
import { summarize } from '../../../src/plugins/server_tools/lib/activity';
import { CHART_HEIGHT, CHART_WIDTH, niceCeiling, renderActivityChart } from '../../../src/plugins/server_tools/lib/chart';
import { channelsByType, formatBoosts, formatMembers, memberBreakdown } from '../../../src/plugins/server_tools/lib/serverStats';
import { ChannelType } from 'discord.js';

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);

describe('activity chart', () => {
	it('GIVEN 30 days of activity THEN the chart is a PNG of the expected size', async () => {
		const rows = Array.from({ length: 30 }, (_, index) => ({
			guildId: 'g',
			day: new Date(NOW - index * 86_400_000).toISOString().slice(0, 10),
			channelId: String(index % 7),
			messages: index * 13
		}));
		const png = await renderActivityChart({
			title: 'A server with a very long name that keeps going and going and going and going and going and going',
			summary: summarize(rows, 30, NOW),
			channelNames: new Map([['0', '#general']])
		});
		expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
		const image = await loadImage(png);
		expect([image.width, image.height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
	});

	it('GIVEN no activity THEN the chart still renders', async () => {
		const png = await renderActivityChart({ title: 'Quiet', summary: summarize([], 14, NOW), channelNames: new Map() });
		const image = await loadImage(png);
		expect(image.width).toBe(CHART_WIDTH);
	});

	it('GIVEN maxima THEN the axis top is a round number at or above them', () => {
		expect(niceCeiling(1)).toBe(4);
		expect(niceCeiling(7)).toBe(10);
		expect(niceCeiling(130)).toBe(200);
		expect(niceCeiling(240)).toBe(250);
		expect(niceCeiling(1000)).toBe(1000);
	});
});

describe('server stats figures', () => {
	it('GIVEN channels of every kind THEN they are counted by kind and threads are left out', () => {
		const { counts, total } = channelsByType([
			ChannelType.GuildText,
			ChannelType.GuildText,
			ChannelType.GuildVoice,
			ChannelType.GuildCategory,
			ChannelType.GuildForum,
			ChannelType.PublicThread
		]);
		expect(counts).toEqual([
			['Text', 2],
			['Voice', 1],
			['Forum', 1],
			['Category', 1]
		]);
		expect(total).toBe(5);
	});

	it('GIVEN every member was seen THEN humans are the total minus bots', () => {
		const members = memberBreakdown(5, [{ bot: false }, { bot: true }, { bot: false }, { bot: false }, { bot: false }], true);
		expect(members).toMatchObject({ total: 5, humans: 4, bots: 1, complete: true });
		expect(formatMembers(members)).toBe('**5**\n4 humans · 1 bot');
	});

	it('GIVEN only part of the members is cached THEN the split says it comes from the cache', () => {
		const members = memberBreakdown(5000, [{ bot: false }, { bot: true }], false);
		expect(formatMembers(members)).toBe('**5,000**\nOf 2 cached: 1 human · 1 bot');
	});

	it('GIVEN boosts THEN the count and level are shown', () => {
		expect(formatBoosts(1, 0)).toBe('**1** boost\nNo level');
		expect(formatBoosts(14, 2)).toBe('**14** boosts\nLevel 2');
	});
});
