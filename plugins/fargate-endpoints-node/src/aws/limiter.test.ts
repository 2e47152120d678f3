import { EC2Client, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { ConcurrencyLimiter, createLimiter, limitedEc2Client } from './limiter';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>(r => (resolve = r));
  return { promise, resolve };
}

describe('ConcurrencyLimiter', () => {
  it('never runs more than max tasks at once under one key, and runs them all', async () => {
    const limiter = createLimiter(2);
    let running = 0;
    let peak = 0;
    const gates = Array.from({ length: 5 }, deferred);
    const results = gates.map((gate, i) =>
      limiter.run('111111111111/eu-west-1', async () => {
        running += 1;
        peak = Math.max(peak, running);
        await gate.promise;
        running -= 1;
        return i;
      }),
    );
    await new Promise(r => setImmediate(r));
    expect(limiter.inFlight('111111111111/eu-west-1')).toBe(2);
    gates.forEach(g => g.resolve());
    await expect(Promise.all(results)).resolves.toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
    expect(limiter.inFlight('111111111111/eu-west-1')).toBe(0);
  });

  it('keeps keys independent, so one busy region does not hold up another', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const gate = deferred();
    const slow = limiter.run('a/eu-west-1', () => gate.promise);
    await expect(limiter.run('a/us-east-1', async () => 'done')).resolves.toBe(
      'done',
    );
    gate.resolve();
    await slow;
  });

  it('frees the slot when a task fails', async () => {
    const limiter = createLimiter(1);
    await expect(
      limiter.run('k', async () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
    await expect(limiter.run('k', async () => 'next')).resolves.toBe('next');
  });

  it('rejects a non-positive maximum', () => {
    expect(() => createLimiter(0)).toThrow(RangeError);
  });

  it('wraps an EC2 client so every send waits for a slot, and it stays an EC2Client', async () => {
    const ec2 = new EC2Client({ region: 'eu-west-1' });
    const send = jest
      .spyOn(ec2, 'send')
      .mockImplementation(async () => ({ Vpcs: [] } as never));
    const limiter = createLimiter(1);
    const limited = limitedEc2Client(ec2, limiter, 'k');
    expect(limited).toBeInstanceOf(EC2Client);
    await limited.send(new DescribeVpcsCommand({}));
    expect(send).toHaveBeenCalledTimes(1);
    ec2.destroy();
  });
});
