export * from './carry.js';
export * from './stance.js';
export * from './fed.js';
export * from './debt.js';
export * from './dates.js';
export * from './path.js';
export * from './spread.js';
export * from './scenario.js';
