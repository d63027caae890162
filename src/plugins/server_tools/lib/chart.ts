import { offThreadImage } from '#shared/images/offThread';
import { drawActivityChart } from './chartDraw';

export { CHART_HEIGHT, CHART_WIDTH, niceCeiling, type ChartInput } from './chartDraw';

/**
 * A PNG: messages per day as bars on the left, the busiest channels on the right. Drawn and encoded on the worker pool
 * (./chartDraw.ts), so the event loop keeps serving others meanwhile; here if the pool is unavailable.
 */
export const renderActivityChart = offThreadImage(require.resolve('./chartDraw'), 'drawActivityChart', drawActivityChart, 'the activity chart');
