import { socialActionCommand } from '../lib/actionCommand';

/** `/pat <member>` and the "Pat" user context menu: see lib/actionCommand.ts. */
export class PatCommand extends socialActionCommand('pat', 'Pat') {}
