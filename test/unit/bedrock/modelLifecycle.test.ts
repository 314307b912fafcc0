import { describe, expect, it } from 'vitest';
import { ModelCatalogue } from '../../../local/bedrock/catalogue/ModelCatalogue.js';
import { fixedClock, lifecycleState, parseDay } from '../../../local/bedrock/catalogue/modelLifecycle.js';

const catalogue = ModelCatalogue.load();
const stateOn = (id: string, day: string) => lifecycleState(catalogue.get(id)!, fixedClock(day)());

describe('lifecycleState', () => {
  it('is ACTIVE without dates, LEGACY once an end of life is announced or the legacy day comes, EOL from the end-of-life day', () => {
    // Prepare
    const announced = { lifecycle: { endOfLife: '2027-01-08' } };
    const dated = { lifecycle: { legacy: '2026-07-17', endOfLife: '2027-01-08' } };
    // Act / Assess
    expect(lifecycleState({}, parseDay('2026-12-07'))).toBe('ACTIVE');
    expect(lifecycleState(announced, parseDay('2026-12-07'))).toBe('LEGACY');
    expect(lifecycleState(dated, parseDay('2026-07-16'))).toBe('ACTIVE');
    expect(lifecycleState(dated, parseDay('2026-07-17'))).toBe('LEGACY');
    expect(lifecycleState(dated, new Date('2027-01-07T23:59:59Z'))).toBe('LEGACY');
    expect(lifecycleState(dated, parseDay('2027-01-08'))).toBe('EOL');
  });

  it('gives the catalogue\u2019s models the states AWS lists for them, moving with the day', () => {
    expect(stateOn('anthropic.claude-3-7-sonnet-20250219-v1:0', '2026-04-27')).toBe('LEGACY');
    expect(stateOn('anthropic.claude-3-7-sonnet-20250219-v1:0', '2026-12-07')).toBe('EOL');
    expect(stateOn('anthropic.claude-3-haiku-20240307-v1:0', '2026-12-07')).toBe('EOL');
    expect(stateOn('anthropic.claude-opus-4-1-20250805-v1:0', '2026-12-07')).toBe('LEGACY');
    expect(stateOn('anthropic.claude-opus-4-1-20250805-v1:0', '2027-01-08')).toBe('EOL');
    expect(stateOn('anthropic.claude-haiku-4-5-20251001-v1:0', '2026-12-07')).toBe('ACTIVE');
  });

  it('refuses a day that is not a date', () => {
    expect(() => parseDay('soon')).toThrow('not a date');
  });
});
