import { pluginVoice } from '#shared/personality/plugins';
import plugin from '../plugin';

/** Tika's lines for games, from this plugin's personality.yml. */
export const gamesVoice = pluginVoice(plugin);

/** A category of this plugin's lines (`game_taunt`, `game_tika_won`, ...). */
export type GameLine = (typeof plugin.personality)[number];
