import { Teardown } from './teardown';

describe('teardown: what a test set up is undone even when the test, or one undo step, fails', () => {
  it('undoes in reverse order of set-up', async () => {
    const undone: string[] = [];
    const teardown = new Teardown();
    teardown.add('server', (name) => undone.push(name));
    teardown.add('connection', (name) => undone.push(name));
    await teardown.run();
    expect(undone).toEqual(['connection', 'server']);
  });

  it('a failing step does not stop the others; its error is thrown after all ran', async () => {
    const undone: string[] = [];
    const teardown = new Teardown();
    teardown.add('database', (name) => undone.push(name));
    teardown.add('pool', () => Promise.reject(new Error('pool already ended')));
    teardown.add('nats', (name) => undone.push(name));
    await expect(teardown.run()).rejects.toThrow('pool already ended');
    expect(undone).toEqual(['nats', 'database']);
  });

  it('several failures are all reported', async () => {
    const teardown = new Teardown();
    teardown.add(1, () => Promise.reject(new Error('first')));
    teardown.add(2, () => Promise.reject(new Error('second')));
    await expect(teardown.run()).rejects.toMatchObject({ errors: [new Error('second'), new Error('first')] });
  });

  it('runs each step once', async () => {
    let runs = 0;
    const teardown = new Teardown();
    teardown.add(undefined, () => runs++);
    await teardown.run();
    await teardown.run();
    expect(runs).toBe(1);
  });
});
