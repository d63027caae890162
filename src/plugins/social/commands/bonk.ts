import { socialActionCommand } from '../lib/actionCommand';

/** `/bonk <member>`: see lib/actionCommand.ts. */
export class BonkCommand extends socialActionCommand('bonk') {}
