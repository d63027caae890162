import { container } from '@sapphire/framework';
import { PaginatedMessage, type PaginatedMessageAction } from '@sapphire/discord.js-utilities';
import { ButtonStyle, ComponentType, MessageFlags, type EmbedBuilder, type Message, type RepliableInteraction, type User } from 'discord.js';
import { Colors } from './colors';
import { footerText, tikaEmbed } from './embeds';
import { recordIntrusion, voice, type VoiceOptions } from './voice';

/** Where the list is shown: a slash command (or any repliable interaction) or a prefix command's message. */
export type PaginateContext = RepliableInteraction | Message;

export interface PageInfo {
	/** 0-based page number. */
	index: number;
	/** Total pages. */
	count: number;
	/** Index in `items` of this page's first item, e.g. for numbering a leaderboard. */
	offset: number;
}

/** Items to be cut into pages of `perPage`, each drawn by `render` (which also receives an empty list, for "nothing here"). */
export interface PageSource<T> {
	items: readonly T[];
	perPage: number;
	render: (items: readonly T[], page: PageInfo) => EmbedBuilder;
}

export type Pages<T = unknown> = readonly EmbedBuilder[] | PageSource<T>;

export interface PaginateOptions extends Pick<VoiceOptions, 'sassLevel' | 'personality'> {
	/** Show the list privately; applies when the interaction has not been answered yet. Ignored for prefix commands. */
	ephemeral?: boolean;
	/** Who may turn the pages; defaults to the invoker. */
	userId?: string;
	/** Buttons are removed after this long without a press, in ms. Default 5 minutes. */
	idle?: number;
	/** Footer text for pages that have none; defaults to the UI default ('Tika'). */
	botName?: string;
}

export const DEFAULT_PAGINATOR_IDLE = 5 * 60_000;

/** Interaction tokens expire after 15 minutes; later page turns could not edit an ephemeral list any more. */
const MAX_PAGINATOR_IDLE = 14 * 60_000;

const STOP_ID = 'tika:page:stop';

/**
 * Tika's page buttons. Sapphire's defaults add a "go to page" select menu, which Discord caps at 25 options, so long
 * lists would fail; four arrows and a stop button work for any length.
 */
export const PAGINATOR_ACTIONS: PaginatedMessageAction[] = [
	{
		customId: 'tika:page:first',
		style: ButtonStyle.Secondary,
		emoji: '⏮️',
		type: ComponentType.Button,
		run: ({ handler }) => void (handler.index = 0)
	},
	{
		customId: 'tika:page:previous',
		style: ButtonStyle.Primary,
		emoji: '◀️',
		type: ComponentType.Button,
		run: ({ handler }) => void (handler.index = handler.index === 0 ? handler.pages.length - 1 : handler.index - 1)
	},
	{
		customId: 'tika:page:next',
		style: ButtonStyle.Primary,
		emoji: '▶️',
		type: ComponentType.Button,
		run: ({ handler }) => void (handler.index = handler.index === handler.pages.length - 1 ? 0 : handler.index + 1)
	},
	{
		customId: 'tika:page:last',
		style: ButtonStyle.Secondary,
		emoji: '⏭️',
		type: ComponentType.Button,
		run: ({ handler }) => void (handler.index = handler.pages.length - 1)
	},
	{
		customId: STOP_ID,
		style: ButtonStyle.Danger,
		emoji: '⏹️',
		type: ComponentType.Button,
		run: ({ collector }) => collector.stop()
	}
];

/**
 * Turns embeds or items into the pages to show, in Tika's style: pages without a colour get the brand colour, pages
 * without a footer get the bot name (the paginator puts "2 / 5 •" in front of it). Never returns an empty list: with
 * no items `render` draws the single empty page, with no embeds a neutral "Nothing to show" page stands in. Embeds are
 * styled in place (they are built for this list, so copying them would only cost time).
 */
export function buildPages<T>(source: Pages<T>, options: Pick<PaginateOptions, 'botName'> = {}): EmbedBuilder[] {
	const footer = footerText(options);
	let pages: EmbedBuilder[];
	if (isPageSource(source)) {
		const perPage = Math.floor(source.perPage);
		if (!Number.isFinite(perPage) || perPage < 1)
			throw new RangeError(`buildPages: perPage must be a whole number of at least 1 (got ${source.perPage})`);
		const count = Math.max(1, Math.ceil(source.items.length / perPage));
		pages = Array.from({ length: count }, (_, index) => {
			const offset = index * perPage;
			return source.render(source.items.slice(offset, offset + perPage), { index, count, offset });
		});
	} else {
		pages = source.length ? [...source] : [tikaEmbed('info', options).setDescription('Nothing to show.')];
	}
	for (const page of pages) {
		if (page.data.color === undefined) page.setColor(Colors.brand);
		if (!page.data.footer) page.setFooter({ text: footer });
	}
	return pages;
}

/**
 * Shows pages with buttons only the reader (`userId`, default the invoker) can use; anyone else gets a private,
 * in-character refusal. A single page is sent as a plain message with no buttons and nothing left running.
 *
 * Built on Sapphire's PaginatedMessage, which releases everything it holds once the buttons go idle or are stopped.
 * It always replies publicly to an unanswered interaction, so for `ephemeral` (and to keep one code path) the
 * interaction is deferred first with the wanted visibility, and PaginatedMessage then edits that deferred reply.
 */
export async function paginate<T>(context: PaginateContext, source: Pages<T>, options: PaginateOptions = {}): Promise<PaginatedMessage | null> {
	const pages = buildPages(source, options);
	const interaction = isInteraction(context) ? context : null;
	const flags = options.ephemeral ? MessageFlags.Ephemeral : undefined;

	if (pages.length === 1) {
		if (!interaction) await (context as Message).reply({ embeds: pages, allowedMentions: { repliedUser: false } });
		else if (interaction.deferred && !interaction.replied) await interaction.editReply({ embeds: pages });
		else if (interaction.replied) await interaction.followUp({ embeds: pages, flags });
		else await interaction.reply({ embeds: pages, flags });
		return null;
	}

	if (interaction && !interaction.deferred && !interaction.replied) await interaction.deferReply({ flags });

	const invoker = interaction ? interaction.user : (context as Message).author;
	const reader = await resolveReader(invoker, options.userId);
	const idle = Math.min(Math.max(1, options.idle ?? DEFAULT_PAGINATOR_IDLE), MAX_PAGINATOR_IDLE);

	const paginated = new PaginatedMessage({ pages: pages.map((embed) => ({ embeds: [embed] })), actions: PAGINATOR_ACTIONS })
		.setIdle(idle)
		.setStopPaginatedMessageCustomIds([STOP_ID])
		.setWrongUserInteractionReply((owner, presser) => {
			recordIntrusion(presser.id, options);
			// A bare string is sent ephemerally with mentions disabled by PaginatedMessage.
			return voice(
				'not_your_game',
				{ ...options, userId: presser.id, vars: { owner: `<@${owner.id}>` } },
				'These buttons belong to someone else.'
			);
		});
	await paginated.run(context, reader);
	stopAtShutdown(paginated);
	return paginated;
}

/** Paginators still listening, per running client: shutdown ends them (buttons removed) instead of leaving timers behind. */
const live = new WeakMap<object, Set<PaginatedMessage>>();

/**
 * A paginator's idle timer would otherwise outlive the client (up to 14 minutes): at shutdown every paginator of this
 * client is stopped, which removes its buttons while the gateway is still open, like games saying "Tika restarted".
 */
function stopAtShutdown(paginated: PaginatedMessage): void {
	const lifecycle = (container as Partial<typeof container>).lifecycle;
	const collector = paginated.collector;
	if (!lifecycle || !collector || collector.ended) return;
	let set = live.get(lifecycle);
	if (!set) {
		const created = new Set<PaginatedMessage>();
		set = created;
		live.set(lifecycle, created);
		lifecycle.onShutdown('paginators', () => {
			for (const open of created) open.collector?.stop('shutdown');
			created.clear();
		});
	}
	set.add(paginated);
	collector.once('end', () => set.delete(paginated));
}

async function resolveReader(invoker: User, userId: string | undefined): Promise<User> {
	if (!userId || userId === invoker.id) return invoker;
	return invoker.client.users.fetch(userId);
}

function isPageSource<T>(source: Pages<T>): source is PageSource<T> {
	return !Array.isArray(source);
}

function isInteraction(context: PaginateContext): context is RepliableInteraction {
	return 'token' in context && typeof context.token === 'string';
}
