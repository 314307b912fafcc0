import { describe, expect, it } from 'vitest';
import { buildClockApp, parseDuration, StackClock } from '../../../local/clock/index.js';

describe('parseDuration', () => {
  it('reads numbers as milliseconds and units ms, s, m, h, d, w', () => {
    expect([parseDuration(250), parseDuration('30s'), parseDuration('6m'), parseDuration('1.5h'), parseDuration('1d'), parseDuration('1w'), parseDuration('20ms')]).toEqual([
      250, 30_000, 360_000, 5_400_000, 86_400_000, 604_800_000, 20,
    ]);
  });

  it('refuses negatives and unknown units', () => {
    for (const bad of [-1, '-5m', '5 years', '', Number.NaN]) expect(() => parseDuration(bad)).toThrow(RangeError);
  });
});

describe('StackClock', () => {
  it('reads real time until advanced, then real time plus the advance', async () => {
    const clock = new StackClock();
    expect(Math.abs(clock.now() - Date.now())).toBeLessThan(5);
    await clock.advance('1d');
    expect(clock.offsetMs).toBe(86_400_000);
    expect(clock.now() - Date.now()).toBeGreaterThanOrEqual(86_400_000 - 5);
  });

  it('fires timers that an advance reaches, in due order, and not the others', async () => {
    const clock = new StackClock();
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('2h'), 2 * 3_600_000);
    clock.setTimeout(() => fired.push('1h'), 3_600_000);
    const later = clock.setTimeout(() => fired.push('1d'), 86_400_000);
    await clock.advance('3h');
    expect(fired).toEqual(['1h', '2h']);
    clock.clearTimeout(later);
    await clock.advance('2d');
    expect(fired).toEqual(['1h', '2h']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('fires timers when real time reaches them too', async () => {
    const clock = new StackClock();
    const started = Date.now();
    await clock.sleep(20);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
  });

  it('fires a missed interval once per advance and keeps it going', async () => {
    const clock = new StackClock();
    let ticks = 0;
    const interval = clock.setInterval(() => ticks++, 10);
    await clock.advance('1d');
    expect(ticks).toBe(1);
    await clock.advance('1s');
    expect(ticks).toBe(2);
    clock.clearInterval(interval);
  });

  it('lets the work a fired timer starts run before advance resolves', async () => {
    const clock = new StackClock();
    const steps: string[] = [];
    void clock.sleep(60_000).then(async () => {
      steps.push('woke');
      await Promise.resolve();
      steps.push('continued');
    });
    await clock.advance('1m');
    expect(steps).toEqual(['woke', 'continued']);
  });

  it('rejects a sleep whose signal aborts', async () => {
    const clock = new StackClock();
    const abort = new AbortController();
    const sleeping = clock.sleep(60_000, abort.signal);
    abort.abort(new Error('stopped'));
    await expect(sleeping).rejects.toThrow('stopped');
    expect(clock.pendingTimers).toBe(0);
  });

  it('runs advance listeners after the timers, and moves forward only with set()', async () => {
    const clock = new StackClock();
    const seen: number[] = [];
    clock.onAdvance(() => seen.push(clock.offsetMs));
    await clock.set(clock.now() + 3_600_000);
    expect(seen[0]).toBeGreaterThanOrEqual(3_600_000 - 5);
    await expect(clock.set('2001-01-01T00:00:00Z')).rejects.toThrow(/only moves forward/);
    await expect(clock.advance('soon')).rejects.toThrow(RangeError);
  });
});

describe('the clock endpoint (inject)', () => {
  it('reads, advances and refuses a bad duration with 400', async () => {
    const clock = new StackClock();
    const app = buildClockApp(clock);
    const reading = (await app.inject({ method: 'GET', url: '/_clock' })).json<{ offsetMs: number; now: string }>();
    expect(reading.offsetMs).toBe(0);
    const advanced = await app.inject({ method: 'POST', url: '/_clock/advance', payload: { by: '6m' } });
    expect(advanced.statusCode).toBe(200);
    expect(advanced.json<{ offsetMs: number }>().offsetMs).toBe(360_000);
    const bad = await app.inject({ method: 'POST', url: '/_clock/advance', payload: { by: 'soon' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ message: string }>().message).toMatch(/Invalid duration/);
    const set = await app.inject({ method: 'POST', url: '/_clock/set', payload: { to: new Date(clock.now() + 86_400_000).toISOString() } });
    expect(set.json<{ offsetMs: number }>().offsetMs).toBeGreaterThanOrEqual(86_400_000 + 360_000 - 1000);
    await app.close();
  });
});
