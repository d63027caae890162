import { ApplyOptions } from '@sapphire/decorators';
import { Command, container } from '@sapphire/framework';
import { MessageFlags, type Message } from 'discord.js';
import { tikaEmbed, type TikaEmbed } from '#shared/ui/embeds';
import {
	asCacheCounters,
	commandLines,
	formatCache,
	formatCount,
	formatMiB,
	formatMs,
	formatUptime,
	handlerLines,
	schedulerLine,
	TOP_COMMANDS
} from '../lib/stats';

/**
 * `/stats` (and `!tika stats`): everyone gets a short public card; bot admins and owners get the operator view,
 * privately, because memory, handler and cache figures are for the people running the bot, not for the channel.
 * Prefix commands cannot be private, so the operator view by prefix is only given in DMs.
 */
@ApplyOptions<Command.Options>({
	description: 'How Tika is doing: uptime, servers, latency and commands served.'
})
export class StatsCommand extends Command {
	public override registerApplicationCommands(registry: Command.Registry) {
		registry.registerChatInputCommand((builder) => builder.setName(this.name).setDescription(this.description));
	}

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		if (await isBotAdmin(interaction.user.id)) return interaction.reply({ embeds: [await fullStats()], flags: MessageFlags.Ephemeral });
		return interaction.reply({ embeds: [publicStats()] });
	}

	public override async messageRun(message: Message) {
		const full = message.channel.isDMBased() && (await isBotAdmin(message.author.id));
		return message.reply({ embeds: [full ? await fullStats() : publicStats()] });
	}
}

/**
 * Owners always count; other bot admins come from `container.admins` when the admin service is installed. It is read
 * structurally so this command works with or without that service (and whether its answer is sync or async).
 */
async function isBotAdmin(userId: string): Promise<boolean> {
	if (container.env.owners.includes(userId)) return true;
	const admins = Reflect.get(container, 'admins') as { isAdmin?: (id: string) => boolean | Promise<boolean> } | undefined;
	if (typeof admins?.isAdmin !== 'function') return false;
	try {
		return (await admins.isAdmin(userId)) === true;
	} catch (error) {
		// Failing closed: the public card is a fine answer while the admin list cannot be read.
		container.logger.warn('[stats] could not check the bot admin list:', error);
		return false;
	}
}

function publicStats(): TikaEmbed {
	const { client, stats, config } = container;
	return tikaEmbed('brand')
		.setTitle(`${config.bot.name} stats`)
		.addFields(
			{ name: 'Uptime', value: formatUptime(client.uptime ?? 0), inline: true },
			{ name: 'Servers', value: formatCount(client.guilds.cache.size), inline: true },
			{ name: 'Ping', value: formatMs(client.ws.ping), inline: true },
			{ name: 'Commands served', value: formatCount(stats.totals().runs), inline: true }
		);
}

async function fullStats(): Promise<TikaEmbed> {
	const { client, stats, config, router, data, settings, db, schedule } = container;
	const memory = process.memoryUsage();
	const totals = stats.totals();
	const commands = commandLines(stats.snapshot(TOP_COMMANDS));
	const handlers = handlerLines(router.stats());
	const members = client.guilds.cache.reduce((sum, guild) => sum + guild.memberCount, 0);

	const caches = [formatCache('Data', data.cacheStats()), formatCache('Settings', settings.stats())];
	const features = Reflect.get(container, 'features') as { stats?: () => unknown } | undefined;
	const featureCache = typeof features?.stats === 'function' ? asCacheCounters(features.stats()) : null;
	if (featureCache) caches.push(formatCache('Features', featureCache));
	const tasks = await schedule.stats().catch(() => null);

	return tikaEmbed('info')
		.setTitle(`${config.bot.name} stats (operator view)`)
		.addFields(
			{ name: 'Uptime', value: formatUptime(client.uptime ?? 0), inline: true },
			{ name: 'Gateway ping', value: formatMs(client.ws.ping), inline: true },
			{ name: 'Database', value: db.provider, inline: true },
			{
				name: 'Memory',
				value: `RSS ${formatMiB(memory.rss)}\nHeap ${formatMiB(memory.heapUsed)} of ${formatMiB(memory.heapTotal)}`,
				inline: true
			},
			{
				name: 'Reach',
				value: `${formatCount(client.guilds.cache.size)} servers\n${formatCount(members)} members\n${formatCount(client.users.cache.size)} users cached`,
				inline: true
			},
			{
				name: 'Commands',
				value: `${formatCount(totals.runs)} served\n${formatCount(totals.errors)} failed\n${formatCount(totals.denied)} refused`,
				inline: true
			},
			{ name: `Top commands (mean / p95 latency)`, value: commands.join('\n') || 'None yet.' },
			{ name: 'Message handlers', value: handlers.join('\n') || 'None loaded.' },
			{ name: 'Caches', value: caches.join('\n') },
			{ name: 'Scheduled tasks', value: tasks ? schedulerLine(tasks) : 'Could not read the task table.' }
		);
}
