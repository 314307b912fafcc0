export { StackClock, type ClockTimer } from './StackClock.js';
export { parseDuration } from './parseDuration.js';
export { buildClockApp, readClock, type ClockReading } from './clockApp.js';
export { startClockServer, type RunningClockServer } from './startClockServer.js';
