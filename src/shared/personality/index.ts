export * from './default';
export * from './FrustrationTracker';
export * from './loader';
export * from './Personality';
export * from './types';
export * from './plugins';
