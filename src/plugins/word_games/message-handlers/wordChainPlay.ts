import { ApplyOptions } from '@sapphire/decorators';
import type { Message } from 'discord.js';
import { MessageHandler } from '#core/router/MessageHandler';
import { pluginVoice } from '#shared/personality/plugins';
import { loadDictionary } from '../lib/dictionary';
import plugin from '../plugin';
import { wordChainSettings, wordChainStore } from '../lib/instance';
import { extractWord } from '../lib/wordchain';

/** This plugin's own lines (its personality.yml). */
const wordChainVoice = pluginVoice(plugin);

/**
 * Plays word-chain words in channels with a running game. Channels without one cost a Set look-up. Chat (several
 * words, the ignore prefix, emoji, links), commands and bots are left alone. A valid word gets ✅; an invalid one ❌ and
 * a short reply naming the broken rule. Returns true only for messages consumed as game words.
 */
@ApplyOptions<MessageHandler.Options>({ priority: 40, edits: false, dms: false })
export class WordChainPlayHandler extends MessageHandler {
	/** Synchronous for a channel without a game once the running games are known: no promise, no await per message. */
	public override run(message: Message, context: MessageHandler.Context): boolean | Promise<boolean> {
		if (context.isCommand || !context.guildId) return false;
		const active = wordChainStore.activeChannels();
		if (active instanceof Set) return active.has(message.channelId) && this.play(message, context.guildId);
		return active.then((channels) => channels.has(message.channelId) && this.play(message, context.guildId!));
	}

	private async play(message: Message, guildId: string): Promise<boolean> {
		const settings = await wordChainSettings(guildId);
		const word = extractWord(message.content, settings);
		if (!word) return false;

		const dictionary = await loadDictionary();
		const result = await wordChainStore.play({
			channelId: message.channelId,
			userId: message.author.id,
			word,
			dictionary,
			minLength: settings.minLength
		});
		if (!result) return false;
		const { verdict } = result;
		if (verdict.ok) {
			await message.react('✅').catch((error: unknown) => this.container.logger.warn('[word_games] could not react ✅:', error));
			return true;
		}

		const sassLevel = await this.container.settings.sassLevel(guildId);
		const line = wordChainVoice.say(
			'wordchain_invalid',
			{ userId: message.author.id, sassLevel, vars: { reason: verdict.reason, word } },
			'That word does not count.'
		);
		// Lines without {reason} still show the reason: the player must learn which rule broke.
		const content = line.includes(verdict.reason) ? line : `${line} (${verdict.reason})`;
		await message.react('❌').catch(() => undefined);
		await message
			.reply({ content, allowedMentions: { repliedUser: false } })
			.catch((error: unknown) => this.container.logger.warn('[word_games] could not explain an invalid word:', error));
		return true;
	}

	public override onUnload() {
		wordChainStore.reset();
		return super.onUnload();
	}
}
