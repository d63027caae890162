import { Command, container } from '@sapphire/framework';
import { ApplicationCommandSync } from './commandSync';

const INSTALLED = Symbol.for('tika.commandReload');

/**
 * Makes `Command#reload` (what @sapphire/plugin-hmr calls when a command file is saved) talk to Discord only when the
 * command's definition changed.
 *
 * Sapphire 5's own `Command#reload` re-registers the one command and then, under `RegisterBehavior.BulkOverwrite`
 * (Tika's choice, see client.ts), calls its internal `handleBulkOverwrite`: one PUT of the whole global list and one
 * PUT per guild with guild commands, every time a file is saved, even when only a reply text changed. (Under Sapphire's
 * other behaviours it fetches the command lists to compare instead.) Tika's version does what Sapphire's does to the
 * piece (load the file again, register the new piece's commands) and then hands over to {@link ApplicationCommandSync},
 * the comparison `/plugins reload` uses: an unchanged definition costs no request and the new piece inherits the old
 * ids; a changed one costs one PUT, to the scope that changed (the DEV_GUILD_IDS guilds when they are set: Sapphire's
 * default guild ids apply when the piece registers again, so a reload never moves a command out of the dev guilds).
 *
 * Replaces the method on Sapphire's `Command` prototype (every command and subcommand inherits it; none overrides it).
 * Installed once per process; calling it again is a no-op.
 */
export function installCommandReload(): void {
	const prototype = Command.prototype as Command & { [INSTALLED]?: true };
	if (prototype[INSTALLED]) return;
	prototype[INSTALLED] = true;
	prototype.reload = async function reload(this: Command): Promise<void> {
		const { store } = this;
		const sync = new ApplicationCommandSync(
			() => store,
			() => container.client.application?.commands
		);
		const before = sync.snapshot();
		// Piece#reload: construct the file's pieces again; inserting the new one unloads this one.
		const loaded = await store.load(this.location.root, this.location.relative);
		const result = await sync.apply(before, loaded);
		for (const failure of result.failed) container.logger.error(`[commands] ${failure.piece}: ${failure.reason}`);
		if (result.outcome === 'failed')
			container.logger.error(`[commands] reloading "${this.name}": Discord refused the new commands: ${result.error}`);
	};
}
