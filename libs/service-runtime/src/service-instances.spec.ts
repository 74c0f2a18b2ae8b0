import { serviceInstances } from './service-instances';

describe('SERVICE_INSTANCES: how many instances of itself a service process runs', () => {
  it('is one when it is not set (the process is the service)', () => {
    expect(serviceInstances({})).toBe(1);
    expect(serviceInstances({ SERVICE_INSTANCES: '' })).toBe(1);
  });

  it('is the whole number it names, from 1 to 64', () => {
    expect(serviceInstances({ SERVICE_INSTANCES: '1' })).toBe(1);
    expect(serviceInstances({ SERVICE_INSTANCES: '2' })).toBe(2);
    expect(serviceInstances({ SERVICE_INSTANCES: '64' })).toBe(64);
  });

  it.each(['0', '65', '2.0', ' 2', '0x2', 'two', '-1'])('refuses %p, saying what it takes', (value) => {
    expect(() => serviceInstances({ SERVICE_INSTANCES: value })).toThrow(
      new Error(`SERVICE_INSTANCES must be a whole number from 1 to 64, not '${value}'`),
    );
  });
});
