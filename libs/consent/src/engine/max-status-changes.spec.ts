import { maxStatusChanges } from './max-status-changes';

describe('how often a consent can change status (the bound on lost races)', () => {
  it('is the longest chain of transitions', () => {
    const authorise = { name: 'authorise', from: ['AWAU'], to: 'AUTH' };
    const reject = { name: 'reject', from: ['AWAU'], to: 'RJCT' };
    const consume = { name: 'consume', from: ['AUTH'], to: 'COND' };
    expect(maxStatusChanges([authorise, reject])).toBe(1);
    expect(maxStatusChanges([authorise, reject, consume])).toBe(2);
    expect(maxStatusChanges([])).toBe(0);
  });

  it('refuses transitions that lead back to a status already passed', () => {
    const authorise = { name: 'authorise', from: ['AWAU'], to: 'AUTH' };
    const reopen = { name: 'reopen', from: ['AUTH'], to: 'AWAU' };
    expect(() => maxStatusChanges([authorise, reopen])).toThrow(/lead back/);
  });
});
