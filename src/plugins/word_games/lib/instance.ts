import { container } from '@sapphire/framework';
import { WordChainStore } from './store';
import { resolveSettings, type WordChainSettings } from './wordchain';

/** The process-wide store the command and the message handler share. */
export const wordChainStore = new WordChainStore(() => container.prisma);

export const WORD_GAMES_DATA = 'word_games';

export async function wordChainSettings(guildId: string): Promise<WordChainSettings> {
	return resolveSettings(await container.data.getGuildData<Partial<WordChainSettings>>(guildId, WORD_GAMES_DATA, {}));
}
