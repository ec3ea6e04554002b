import { describe, expect, it } from 'vitest';
import { compare, describeRatio, summarise, type Contender } from '../../../scripts/bench/compare';

describe('fair comparison', () => {
  it('alternates which side is timed first, round by round, after warming both up', () => {
    const order: string[] = [];
    let last = '';
    const side = (name: string): Contender => ({
      name,
      run: (n) => {
        if (last !== name) order.push(name);
        last = name;
        const until = performance.now() + n * 0.01;
        while (performance.now() < until);
      },
    });
    const c = compare('spin', side('ours'), side('theirs'), { rounds: 4, windowMs: 20, warmupMs: 5 });
    // calibration and warm-up: ours then theirs; then rounds ours-theirs, theirs-ours, ours-theirs, theirs-ours
    const rounds = order.slice(order.lastIndexOf('theirs', 3) + 1);
    expect(rounds.join(' ')).toBe('ours theirs ours theirs ours');
    expect(c.rounds).toBe(4);
    expect(c.ours.opsPerSec).toHaveLength(4);
    expect(c.theirs.opsPerSec).toHaveLength(4);
  });

  it('reports the median ratio of the rounds with its spread, and the medians by who went first', () => {
    const c = summarise('x', 'ours', 'theirs', [300, 200, 310, 190], [100, 100, 100, 100], 1000);
    expect(c.ratios).toEqual([3, 2, 3.1, 1.9]);
    expect(c.ratio).toBe(2);
    expect(c.spread).toEqual([1.9, 3.1]);
    expect(c.oursFirstRatio).toBe(3);
    expect(c.theirsFirstRatio).toBe(1.9);
    expect(c.orderDecides).toBe(false);
    expect(describeRatio(c)).toBe('2.00× (1.90–3.10, 4 rounds of 1 s; ours first 3.00, theirs first 1.90)');
  });

  it('says so when the order decides who leads: a ratio above 1 one way and below 1 the other is not a result', () => {
    const c = summarise('x', 'ours', 'theirs', [120, 80, 125, 85], [100, 100, 100, 100], 1000);
    expect(c.orderDecides).toBe(true);
    expect(describeRatio(c)).toMatch(/ORDER DECIDES/);
  });
});
