import { ApplyOptions } from '@sapphire/decorators';
import { CommandOptionsRunTypeEnum } from '@sapphire/framework';
import { Subcommand } from '@sapphire/plugin-subcommands';
import { InteractionContextType, MessageFlags, PermissionFlagsBits, type SlashCommandBooleanOption } from 'discord.js';
import { pluginConfig } from '#core/plugins/settings';
import { SmartEmbed, type TikaEmbed } from '#shared/ui/index';
import { refuse } from '#shared/ui/refuse';
import plugin from '../plugin';
import { linkFixRuntime } from '../lib/linkfix/runtime';
import { MAX_LINK_FIX_EXCLUSIONS, parseTranslation, siteEnabled, type LinkFixSettings } from '../lib/linkfix/settings';
import { isLinkFixSite, LINK_FIX_SITES, SITE_LABELS, type LinkFixSite } from '../lib/linkfix/sites';

type Interaction = Subcommand.ChatInputCommandInteraction;

/** The required `enabled` switch of the site, channel, role and missing-embeds subcommands. */
const enabledOption = (description: string) => (option: SlashCommandBooleanOption) =>
	option.setName('enabled').setDescription(description).setRequired(true);

/** Every subcommand but `optout` changes or shows the server's settings: Manage Server, checked per subcommand. */
const MANAGE = { requiredUserPermissions: [PermissionFlagsBits.ManageGuild] } as const;

/**
 * `/linkfix`: the server's link fixing settings (Manage Server) and a member's own opt-out (anyone). The command is
 * visible to everyone because of `optout`, so Manage Server is enforced per subcommand rather than with a default
 * member permission that would hide the whole command. Replies are private.
 */
@ApplyOptions<Subcommand.Options>({
	description: 'Fix links from X, Instagram, TikTok and others so they embed properly.',
	runIn: [CommandOptionsRunTypeEnum.GuildAny],
	subcommands: [
		{ name: 'status', chatInputRun: 'chatInputStatus', ...MANAGE },
		{ name: 'site', chatInputRun: 'chatInputSite', ...MANAGE },
		{ name: 'channel', chatInputRun: 'chatInputChannel', ...MANAGE },
		{ name: 'role', chatInputRun: 'chatInputRole', ...MANAGE },
		{ name: 'translate', chatInputRun: 'chatInputTranslate', ...MANAGE },
		{ name: 'missing-embeds', chatInputRun: 'chatInputMissingEmbeds', ...MANAGE },
		{ name: 'optout', chatInputRun: 'chatInputOptOut' }
	]
})
export class LinkFixCommand extends Subcommand {
	public override registerApplicationCommands(registry: Subcommand.Registry) {
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.setContexts(InteractionContextType.Guild)
				.addSubcommand((sub) => sub.setName('status').setDescription('Show the link fixing settings and which mirrors are in use'))
				.addSubcommand((sub) =>
					sub
						.setName('site')
						.setDescription('Fix the links of one site, or leave them alone')
						.addStringOption((option) =>
							option
								.setName('site')
								.setDescription('The site')
								.setRequired(true)
								.addChoices(LINK_FIX_SITES.map((site) => ({ name: SITE_LABELS[site], value: site })))
						)
						.addBooleanOption(enabledOption('True: fix its links'))
				)
				.addSubcommand((sub) =>
					sub
						.setName('channel')
						.setDescription('Fix links in a channel (or category), or leave them alone there')
						// Any channel type: a category covers its channels, a channel its threads.
						.addChannelOption((option) => option.setName('channel').setDescription('The channel or category').setRequired(true))
						.addBooleanOption(enabledOption('True: fix links there'))
				)
				.addSubcommand((sub) =>
					sub
						.setName('role')
						.setDescription("Fix the links of a role's members, or leave them alone")
						.addRoleOption((option) => option.setName('role').setDescription('The role').setRequired(true))
						.addBooleanOption(enabledOption("True: fix its members' links"))
				)
				.addSubcommand((sub) =>
					sub
						.setName('translate')
						.setDescription('Have FxTwitter translate X / Twitter posts into a language')
						.addStringOption((option) =>
							option
								.setName('language')
								.setDescription('A language code such as en, de, pt-br; leave empty or "off" to stop')
								.setMaxLength(10)
						)
				)
				.addSubcommand((sub) =>
					sub
						.setName('missing-embeds')
						.setDescription('Fix only the links Discord failed to embed by itself')
						.addBooleanOption(enabledOption('True: only missing embeds; false: every link'))
				)
				.addSubcommand((sub) =>
					sub
						.setName('optout')
						.setDescription('Stop (or resume) fixing the links you post, in every server')
						.addStringOption((option) =>
							option
								.setName('state')
								.setDescription('on: leave my links alone; off: fix them again')
								.setRequired(true)
								.addChoices({ name: 'on: leave my links alone', value: 'on' }, { name: 'off: fix my links again', value: 'off' })
						)
				)
		);
	}

	public async chatInputStatus(interaction: Interaction) {
		const runtime = linkFixRuntime();
		const [settings, optedOut] = await Promise.all([runtime.loadSettings(interaction.guildId!), runtime.isOptedOut(interaction.user.id)]);
		const { mirrors } = pluginConfig(plugin).link_fix;
		const sites = LINK_FIX_SITES.map((site) => {
			if (!siteEnabled(settings, site)) return `**${SITE_LABELS[site]}**: off`;
			const mirror = runtime.health.pick(mirrors[site]);
			const down = mirrors[site].filter((host) => runtime.health.isDown(host));
			return `**${SITE_LABELS[site]}**: ${mirror ? `→ \`${mirror}\`` : 'no mirror configured'}${down.length ? ` (down: ${down.join(', ')})` : ''}`;
		});
		const lines = [...sites, '', settingsSummary(settings), `**Your links**: ${optedOut ? 'left alone (you opted out)' : 'fixed'}`];
		const me = interaction.guild?.members.me;
		if (me && !me.permissions.has(PermissionFlagsBits.ManageMessages))
			lines.push('', "ℹ️ Give me **Manage Messages** and I will also hide the original message's broken embeds.");
		return this.reply(interaction, SmartEmbed.info('Link fixing', lines.join('\n')));
	}

	public async chatInputSite(interaction: Interaction) {
		const site = interaction.options.getString('site', true);
		const enabled = interaction.options.getBoolean('enabled', true);
		if (!isLinkFixSite(site)) return refuse(interaction, 'Unknown site', `Pick one of ${LINK_FIX_SITES.join(', ')}.`);
		const settings = await linkFixRuntime().updateSettings(interaction.guildId!, (current) => ({
			...current,
			disabledSites: LINK_FIX_SITES.filter((other: LinkFixSite) => (other === site ? !enabled : current.disabledSites.includes(other)))
		}));
		return this.reply(
			interaction,
			SmartEmbed.success(
				`${SITE_LABELS[site]} ${enabled ? 'on' : 'off'}`,
				`${enabled ? 'I will fix' : 'I will leave alone'} ${SITE_LABELS[site]} links.\n\n${settingsSummary(settings)}`
			)
		);
	}

	public async chatInputChannel(interaction: Interaction) {
		const channel = interaction.options.getChannel('channel', true);
		return this.changeExclusion(interaction, 'ignoredChannels', channel.id, `<#${channel.id}>`, 'in');
	}

	public async chatInputRole(interaction: Interaction) {
		const role = interaction.options.getRole('role', true);
		return this.changeExclusion(interaction, 'ignoredRoles', role.id, `<@&${role.id}>`, 'for the members of');
	}

	public async chatInputTranslate(interaction: Interaction) {
		const input = interaction.options.getString('language');
		const language = parseTranslation(input);
		if (language === undefined)
			return refuse(
				interaction,
				'That is not a language code',
				`Use a two-letter code such as \`en\`, \`de\` or \`ja\`, optionally with a region (\`pt-br\`); got \`${input}\`.`
			);
		const settings = await linkFixRuntime().updateSettings(interaction.guildId!, (current) => ({ ...current, translateTo: language }));
		return this.reply(
			interaction,
			SmartEmbed.success(
				language ? `Translating into ${language}` : 'No translation',
				`${language ? `X / Twitter fixes now end in \`/${language}\`: FxTwitter translates the post.` : 'X / Twitter fixes show posts in their own language.'}\n\n${settingsSummary(settings)}`
			)
		);
	}

	public async chatInputMissingEmbeds(interaction: Interaction) {
		const enabled = interaction.options.getBoolean('enabled', true);
		const settings = await linkFixRuntime().updateSettings(interaction.guildId!, (current) => ({ ...current, onlyMissingEmbeds: enabled }));
		const wait = (pluginConfig(plugin).link_fix.embed_wait_ms / 1000).toLocaleString('en', { maximumFractionDigits: 1 });
		return this.reply(
			interaction,
			SmartEmbed.success(
				enabled ? 'Only missing embeds' : 'Every link',
				`${enabled ? `I will wait up to ${wait}s for Discord's own embed and fix only the links that did not get one.` : 'I will fix every link right away.'}\n\n${settingsSummary(settings)}`
			)
		);
	}

	public async chatInputOptOut(interaction: Interaction) {
		const optOut = interaction.options.getString('state', true) === 'on';
		await linkFixRuntime().setOptOut(interaction.user.id, optOut);
		return this.reply(
			interaction,
			optOut
				? SmartEmbed.success('Opted out', 'I will leave the links you post alone, in every server. `/linkfix optout off` undoes it.')
				: SmartEmbed.success('Opted back in', 'I will fix the links you post again.')
		);
	}

	private async changeExclusion(interaction: Interaction, key: 'ignoredChannels' | 'ignoredRoles', id: string, name: string, preposition: string) {
		const enabled = interaction.options.getBoolean('enabled', true);
		let full = false;
		const settings = await linkFixRuntime().updateSettings(interaction.guildId!, (current) => {
			const ids = new Set(current[key]);
			if (enabled) ids.delete(id);
			else ids.add(id);
			const others = key === 'ignoredChannels' ? current.ignoredRoles.length : current.ignoredChannels.length;
			if (ids.size + others > MAX_LINK_FIX_EXCLUSIONS) {
				full = true;
				return current;
			}
			return { ...current, [key]: [...ids] };
		});
		if (full)
			return refuse(interaction, 'Too many exclusions', `At most ${MAX_LINK_FIX_EXCLUSIONS} channels and roles can be left alone together.`);
		return this.reply(
			interaction,
			SmartEmbed.success(
				enabled ? 'Links fixed again' : 'Links left alone',
				`${enabled ? 'I will fix links' : 'I will leave links alone'} ${preposition} ${name}.\n\n${settingsSummary(settings)}`
			)
		);
	}

	private reply(interaction: Interaction, embed: TikaEmbed) {
		return interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral });
	}
}

function settingsSummary(settings: LinkFixSettings): string {
	const off = settings.disabledSites.map((site) => SITE_LABELS[site]).join(', ') || 'none';
	const channels = settings.ignoredChannels.map((id) => `<#${id}>`).join(', ') || 'none';
	const roles = settings.ignoredRoles.map((id) => `<@&${id}>`).join(', ') || 'none';
	return [
		`**Sites off**: ${off}`,
		`**Channels left alone**: ${channels}`,
		`**Roles left alone**: ${roles}`,
		`**Translation** (X / Twitter): ${settings.translateTo ? `\`/${settings.translateTo}\`` : 'off'}`,
		`**Only missing embeds**: ${settings.onlyMissingEmbeds ? 'yes' : 'no, every link'}`
	].join('\n');
}
