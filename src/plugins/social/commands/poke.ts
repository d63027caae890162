import { socialActionCommand } from '../lib/actionCommand';

/** `/poke <member>`: see lib/actionCommand.ts. */
export class PokeCommand extends socialActionCommand('poke') {}
