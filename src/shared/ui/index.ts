export * from './colors';
export * from './confirm';
export * from './embeds';
export * from './limits';
export * from './modals';
export * from './paginator';
