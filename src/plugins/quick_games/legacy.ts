/**
 * The old bot wrote `guilds/<guild>/quick_games.json` (coinflip, dice and rock-paper-scissors tallies). Tika's quick
 * games keep no statistics at all (every game is answered on the spot), so there is nowhere to put them: the file is
 * recognised and reported as skipped, never as an unknown file. See docs/legacy-import.md.
 */
import { defineLegacyImporter } from '#core/legacy/types';

export default defineLegacyImporter({
	name: 'quick_games',
	plugin: 'quick_games',
	skip: "Tika's quick games keep no statistics (coinflip, /roll and /rps answer on the spot), so there is nothing to import"
});
