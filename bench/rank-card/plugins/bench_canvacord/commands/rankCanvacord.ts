import { createCanvas } from '@napi-rs/canvas';
import { Command } from '@sapphire/framework';
import { Font, RankCardBuilder } from 'canvacord';
import { AttachmentBuilder } from 'discord.js';
import { getRankSnapshot } from '../../../../../src/plugins/progression/lib/api';
import { cardAvatarUrl, loadCardProfile } from '../../../../../src/shared/images/memberCard';

let fontLoaded = false;
let defaultAvatar: Buffer | null = null;

/** What a canvacord bot sends for a default avatar: a 256 px PNG (made once; the CDN fetch is not counted). */
function avatar(): Buffer {
	if (!defaultAvatar) {
		const canvas = createCanvas(256, 256);
		const ctx = canvas.getContext('2d');
		ctx.fillStyle = '#5865f2';
		ctx.fillRect(0, 0, 256, 256);
		defaultAvatar = canvas.toBuffer('image/png');
	}
	return defaultAvatar;
}

/**
 * Same steps as Tika's /rank (member, rank snapshot and profile from the database, one reply with the image), but the
 * card is canvacord's RankCardBuilder (PNG, its default format): the baseline of bench/rank-card.
 */
export class RankCanvacordCommand extends Command {
	public constructor(context: Command.LoaderContext, options: Command.Options) {
		super(context, { ...options, name: 'rankcanvacord', description: 'Bench: /rank rendered by canvacord' });
	}

	public override registerApplicationCommands(registry: Command.Registry) {
		registry.registerChatInputCommand((builder) => builder.setName(this.name).setDescription(this.description));
	}

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		if (!fontLoaded) {
			Font.loadDefault();
			fontLoaded = true;
		}
		const user = interaction.user;
		const member = interaction.guild!.members.cache.get(user.id) ?? null;
		const [snapshot, profile] = await Promise.all([getRankSnapshot(interaction.guildId!, user.id), loadCardProfile(user.id)]);
		void profile; // canvacord's card has no bio or theme; the read is kept so both paths do the same work.
		void cardAvatarUrl(user, member);
		const progress = Math.max(0, snapshot.xp - snapshot.levelStartXp);
		const required = snapshot.nextLevelXp === null ? Math.max(1, progress) : snapshot.nextLevelXp - snapshot.levelStartXp;
		const card = (await new RankCardBuilder()
			.setDisplayName(member?.displayName ?? user.displayName)
			.setUsername(`@${user.username}`)
			.setAvatar(avatar())
			.setCurrentXP(progress)
			.setRequiredXP(required)
			.setLevel(snapshot.level)
			.setRank(Math.max(1, snapshot.rank))
			.setStatus('online')
			.build({ format: 'png' })) as Buffer;
		await interaction.reply({ files: [new AttachmentBuilder(card, { name: 'rank.png' })] });
	}
}
