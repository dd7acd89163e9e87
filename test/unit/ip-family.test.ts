import { isIP } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ipFamily } from '../../source/spec/ip-family.js';

/** A small deterministic generator (mulberry32), so a failure names an input that fails again. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Addresses of every shape (compressed, embedded IPv4, zoned), half of them with one slip made in them. */
function candidates(count: number): string[] {
  const next = random(18);
  const below = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[below(items.length)] as T;
  const octet = () => pick([String(below(256)), String(below(1000)), `0${below(10)}`]);
  const ipv4 = () => [octet(), octet(), octet(), octet()].join('.');
  const group = () =>
    below(0x10000)
      .toString(16)
      .slice(0, 1 + below(4));
  const ipv6 = () => {
    const tail = next() < 0.2;
    const groups = Array.from({ length: tail ? 6 : 8 }, group);
    let text = groups.join(':');
    if (next() < 0.6) {
      const from = below(groups.length);
      const to = from + 1 + below(groups.length - from);
      text = `${groups.slice(0, from).join(':')}::${groups.slice(to).join(':')}`;
    }
    if (tail) text += `${text.endsWith(':') ? '' : ':'}${ipv4()}`;
    if (next() < 0.2) text += `%${pick(['eth0', 'eth0.1', 'en-1', 'a:b', '1', '', '!'])}`;
    return text;
  };
  const slip = (text: string) => {
    const at = below(text.length + 1);
    const mark = pick([':', '::', '.', '%', '0', 'g', ' ', '']);
    return pick([
      text.slice(0, at) + mark + text.slice(at),
      text.slice(0, at) + text.slice(at + 1),
      `[${text}]`,
    ]);
  };
  return Array.from({ length: count }, () => {
    const text = next() < 0.3 ? ipv4() : ipv6();
    return next() < 0.5 ? slip(text) : text;
  });
}

describe('ipFamily', () => {
  it('reads named addresses as node:net does', () => {
    const named = [
      '192.0.2.1',
      '0.0.0.0',
      '255.255.255.255',
      '256.1.1.1',
      '01.2.3.4',
      '1.2.3',
      '1.2.3.4.5',
      '0x1.2.3.4',
      '::',
      '::1',
      '2001:db8::',
      '1:2:3:4:5:6:7:8',
      '1:2:3:4:5:6:7:8:9',
      '1::2::3',
      'g::1',
      '[::1]',
      ' ::1',
      'fe80::1%eth0',
      'fe80::1%eth0.1',
      'fe80::1%',
      '1.2.3.4%eth0',
      '::ffff:192.0.2.1',
      '::ffff:01.2.3.4',
      '1:2:3:4:5:6:1.2.3.4',
      'FE80::1',
      '',
    ];
    for (const value of named) expect([value, ipFamily(value)]).toEqual([value, isIP(value)]);
  });

  it('agrees with node:net on 20,000 generated strings, some thousands of them addresses', () => {
    const inputs = candidates(20_000);
    const disagreements = inputs.filter((value) => ipFamily(value) !== isIP(value));
    expect(disagreements).toEqual([]);
    expect(inputs.filter((value) => isIP(value) === 6).length).toBeGreaterThan(1000);
    expect(inputs.filter((value) => isIP(value) === 4).length).toBeGreaterThan(100);
  });
});
