export { StackClock, type ClockTimer } from './StackClock.js';
export { describeLead, parseDuration } from './parseDuration.js';
export { buildClockApp, readClock, type ClockReading } from './clockApp.js';
export { startClockServer, type RunningClockServer } from './startClockServer.js';
export { keepClockIn } from './savedClock.js';
