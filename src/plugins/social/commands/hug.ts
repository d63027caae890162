import { socialActionCommand } from '../lib/actionCommand';

/** `/hug <member>` and the "Hug" user context menu: see lib/actionCommand.ts. */
export class HugCommand extends socialActionCommand('hug', 'Hug') {}
