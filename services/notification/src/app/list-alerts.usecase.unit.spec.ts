import { describe, expect, it } from 'vitest';
import { alertPageSize } from './list-alerts.usecase.js';

describe('alertPageSize', () => {
  it('answers with 1 to 200 alerts, whatever is asked', () => {
    expect(alertPageSize(50)).toBe(50);
    expect(alertPageSize(0)).toBe(1);
    expect(alertPageSize(-5)).toBe(1);
    expect(alertPageSize(1000)).toBe(200);
  });
});
