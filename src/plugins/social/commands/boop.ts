import { socialActionCommand } from '../lib/actionCommand';

/** `/boop <member>`: see lib/actionCommand.ts. */
export class BoopCommand extends socialActionCommand('boop') {}
