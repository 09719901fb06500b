import { describe, expect, it } from 'vitest';
import { recordsDetailLines, recordsVerdictLook } from './recordsVerdict';

describe('records verdict', () => {
  it('says each verdict in words', () => {
    expect(recordsVerdictLook('SUPPORTED').label).toBe('Supported by our records');
    expect(recordsVerdictLook('CONTRADICTED').label).toBe('Contradicts our records');
    expect(recordsVerdictLook('UNVERIFIED').label).toBe('Not in our records yet');
  });

  it('splits the detail into its lines, dropping blank ones', () => {
    expect(recordsDetailLines('Line 1: 10 ordered, 8 delivered\r\n\nLine 2: no delivery yet\n')).toEqual([
      'Line 1: 10 ordered, 8 delivered',
      'Line 2: no delivery yet',
    ]);
    expect(recordsDetailLines('')).toEqual([]);
  });
});
