import { Logger } from '@nestjs/common';
import { PeriodicSweep } from './periodic-sweep';

describe('a periodic sweep runs on a timer and never after shutdown', () => {
  const quietLogger = () => {
    const logger = new Logger('test');
    jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    return logger;
  };

  it('stopping waits for a sweep already under way, ticks meanwhile skip, and no sweep starts afterwards', async () => {
    let started = 0;
    let finishSweep!: () => void;
    const sweep = new PeriodicSweep(
      'rows',
      () => {
        started += 1;
        return new Promise<void>((resolve) => (finishSweep = resolve));
      },
      10,
      quietLogger(),
    );
    sweep.start();
    while (started === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(started).toBe(1);

    let stopped = false;
    const stopping = sweep.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(stopped).toBe(false);

    finishSweep();
    await stopping;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(started).toBe(1);
  });

  it('a failed sweep is one warning naming what was swept, and the next tick tries again', async () => {
    const logger = quietLogger();
    let attempts = 0;
    const sweep = new PeriodicSweep(
      'expired rows',
      async () => {
        attempts += 1;
        throw new Error('connection lost');
      },
      10,
      logger,
    );
    sweep.start();
    while (attempts < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    await sweep.stop();
    expect(logger.warn).toHaveBeenCalledWith('sweeping expired rows failed: connection lost');
  });
});
