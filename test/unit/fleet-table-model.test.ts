import { describe, expect, it } from 'vitest';
import { computeFleetHealth, emptyMemory } from '../../source/fleet/health.js';
import {
  compareVersions,
  compileClinicFilter,
  indexById,
  scrollTop,
  sortClinics,
} from '../../source/fleet/table-model.js';
import { buildSnapshot } from '../helpers/fleet-fixtures.js';

const now = new Date('2026-11-27T02:00:00Z');
const rows = computeFleetHealth(
  buildSnapshot([
    { id: 'alpha', version: '3.22.1' },
    { id: 'bravo', sessions: 0 },
    { id: 'charlie', version: '3.9.0', downEndpoints: ['rest-api'] },
    { id: 'delta', version: '3.19.0', missingCloud: ['rest-api'], recordEndpoints: true },
  ]),
  emptyMemory(),
  now,
).clinics;
const ids = (list: { id: string }[]) => list.map((row) => row.id);

describe('fleet table model', () => {
  it.each([
    ['status', false, ['bravo', 'charlie', 'delta', 'alpha']],
    ['status', true, ['alpha', 'delta', 'charlie', 'bravo']],
    ['clinic', false, ['alpha', 'bravo', 'charlie', 'delta']],
    ['version', false, ['bravo', 'charlie', 'delta', 'alpha']],
    ['lastSeen', false, ['bravo', 'alpha', 'charlie', 'delta']],
  ] as const)('sorts by %s (reverse %s)', (key, reverse, expected) => {
    expect(ids(sortClinics(rows, key, reverse))).toEqual(expected);
  });

  it('compares versions numerically', () => {
    expect(compareVersions('3.9.0', '3.22.1')).toBeLessThan(0);
    expect(compareVersions('', '3.0.0')).toBeLessThan(0);
  });

  it.each([
    ['', ['alpha', 'bravo', 'charlie', 'delta']],
    ['^(a|b)', ['alpha', 'bravo']],
    ['OFFLINE', ['bravo']],
    ['!healthy', ['bravo', 'charlie', 'delta']],
    ['3\\.(9|19)', ['charlie', 'delta']],
  ])('filter %j keeps %j', (text, expected) => {
    const filter = compileClinicFilter(text);
    expect(ids(rows.filter(filter.matches))).toEqual(expected);
    expect(filter.error).toBeUndefined();
  });

  it('matches an invalid regex as plain text and says so', () => {
    const filter = compileClinicFilter('rest-api (');
    expect(filter.error).toMatch(/not a valid regular expression/);
    expect(ids(rows.filter(filter.matches))).toEqual([]);
  });

  it('filters and sorts 10,000 clinics to the right rows, and finds any row by id', () => {
    const fleet = Array.from({ length: 10_000 }, (_, i) => {
      const row = rows[i % rows.length]!;
      return { ...row, id: `clinic${i + 1}`, name: `clinic${i + 1}` };
    });
    const matches = compileClinicFilter('^clinic12\\d?\\b').matches;
    const shown = sortClinics(fleet, 'clinic').filter(matches);
    expect(ids(shown)).toEqual(['clinic12', ...Array.from({ length: 10 }, (_, d) => `clinic12${d}`)]);
    const positions = indexById(shown);
    expect(positions.get('clinic125')).toBe(ids(shown).indexOf('clinic125'));
    expect(positions.get('clinic1250')).toBeUndefined();
  });

  it.each([
    // previous top, selected, height, rows → first visible row
    [0, 5, 10, 100, 0],
    [0, 10, 10, 100, 1],
    [50, 40, 10, 100, 40],
    [95, 99, 10, 100, 90],
    [90, 3, 10, 5, 0],
  ])(
    'scrolls from top %i to show row %i of a %i-line window over %i rows',
    (previous, selected, height, count, top) => {
      expect(scrollTop(previous, selected, height, count)).toBe(top);
    },
  );
});
