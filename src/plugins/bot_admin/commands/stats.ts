import { ApplyOptions } from '@sapphire/decorators';
import { Command, container } from '@sapphire/framework';
import { type APIEmbedField, type Message } from 'discord.js';
import { collectPluginStats } from '#core/stats/PluginStats';
import { tikaEmbed, type TikaEmbed } from '#shared/ui/embeds';
import { EmbedLimits, embedTextLength } from '#shared/ui/limits';
import { paginate } from '#shared/ui/paginator';
import {
	asCacheCounters,
	commandLines,
	formatCache,
	formatCount,
	formatMiB,
	formatMs,
	formatUptime,
	handlerLines,
	pluginMemoryLines,
	pluginTableBlocks,
	schedulerLine,
	shardCountLine,
	shardLines,
	TOP_COMMANDS
} from '../lib/stats';
import { clusterSummary, localSummary, totalOf } from '#core/sharding/summary';

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
		if (await isBotAdmin(interaction.user.id)) return paginate(interaction, await fullStats(), { ephemeral: true });
		return interaction.reply({ embeds: [await publicStats()] });
	}

	public override async messageRun(message: Message) {
		if (message.channel.isDMBased() && (await isBotAdmin(message.author.id))) return paginate(message, await fullStats());
		return message.reply({ embeds: [await publicStats()] });
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

/**
 * Servers, members and commands over every shard (broadcastEval through the ShardingManager), or this process's own
 * figures when it runs alone. A shard that does not answer (being started again) is named, not waited for.
 */
async function reach() {
	const cluster = await clusterSummary(container.client);
	if (!cluster) return { totals: totalOf({ count: 1, answered: [localSummary()], missing: [] }), cluster: null };
	return { totals: totalOf(cluster), cluster };
}

async function publicStats(): Promise<TikaEmbed> {
	const { client, config } = container;
	const { totals, cluster } = await reach();
	const embed = tikaEmbed('brand')
		.setTitle(`${config.bot.name} stats`)
		.addFields(
			{ name: 'Uptime', value: formatUptime(client.uptime ?? 0), inline: true },
			{ name: 'Servers', value: formatCount(totals.guilds), inline: true },
			{ name: 'Ping', value: formatMs(totals.pingMs), inline: true },
			{ name: 'Commands served', value: formatCount(totals.commands.runs), inline: true }
		);
	if (cluster) embed.addFields({ name: 'Shards', value: shardCountLine(cluster), inline: true });
	return embed;
}

/**
 * The operator view: one embed when the plugin table fits beside the rest, else the overview then the plugin table on
 * pages of its own (the UI kit's paginator), so a bot with many plugins never has fields dropped by Discord's limits.
 */
async function fullStats(): Promise<TikaEmbed[]> {
	const overview = await overviewStats();
	const plugins = pluginFields();
	// Room for the footer the paginator adds ("1 / 2 • Tika").
	const budget = EmbedLimits.total - 100;
	const together = embedTextLength(overview.data) + plugins.reduce((sum, field) => sum + field.name.length + field.value.length, 0);
	if (together <= budget && (overview.data.fields?.length ?? 0) + plugins.length <= EmbedLimits.fields) return [overview.addFields(plugins)];
	const pages: TikaEmbed[] = [overview];
	let page: TikaEmbed | null = null;
	for (const field of plugins) {
		if (!page || embedTextLength(page.data) + field.name.length + field.value.length > budget || page.data.fields!.length >= EmbedLimits.fields) {
			page = tikaEmbed('info').setTitle(`${container.config.bot.name} stats: plugins`);
			pages.push(page);
		}
		page.addFields(field);
	}
	return pages;
}

/** The per-plugin table (handler time per routed message, command p50/p95, memory) and the memory items behind it. */
function pluginFields(): APIEmbedField[] {
	const rows = collectPluginStats();
	const routed = container.router.routedMessages;
	const fields = pluginTableBlocks(rows).map((value, index) => ({
		name: index === 0 ? `Plugins (ms per message over ${formatCount(routed)} routed · command p50/p95 ms · memory)` : 'Plugins (continued)',
		value
	}));
	const memory = pluginMemoryLines(rows);
	if (memory.length) fields.push({ name: 'Plugin memory (estimated)', value: memory.join('\n') });
	return fields;
}

async function overviewStats(): Promise<TikaEmbed> {
	const { client, stats, config, router, data, settings, db, schedule } = container;
	const memory = process.memoryUsage();
	const { totals: all, cluster } = await reach();
	const totals = all.commands;
	const commands = commandLines(stats.snapshot(TOP_COMMANDS));
	const handlers = handlerLines(router.stats());
	const members = all.members;

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
				value: `${formatCount(all.guilds)} servers\n${formatCount(members)} members\n${formatCount(all.usersCached)} users cached`,
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
			{ name: 'Scheduled tasks', value: tasks ? schedulerLine(tasks) : 'Could not read the task table.' },
			...(cluster ? [{ name: `Shards (${shardCountLine(cluster)})`, value: shardLines(cluster).join('\n') }] : [])
		);
}
