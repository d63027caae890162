import { socialActionCommand } from '../lib/actionCommand';

/** `/highfive <member>`: see lib/actionCommand.ts. */
export class HighFiveCommand extends socialActionCommand('highfive') {}
