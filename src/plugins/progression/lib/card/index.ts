export * from './avatar';
export * from './backgrounds';
export * from './fonts';
export * from './layout';
export * from './leaderboard';
export * from './rankCard';
export * from './theme';
