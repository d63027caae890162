export * from './edits';
export * from './MessageHandler';
export * from './MessageHandlerStore';
export * from './MessageRouter';
export * from './prefix';
export * from './setup';
export * from './stats';
export * from './types';
