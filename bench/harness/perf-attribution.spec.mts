import { attribute, attributionReport, packageOfFrame, partOfSample } from './perf-attribution.mts';

const NODE = '(/usr/bin/node)';
const KERNEL = '([kernel.kallsyms])';

// `perf script -F comm,pid,tid,ip,sym,dso` as Linux perf prints it, for a bank-api (pid 200), a PostgreSQL backend
// (pid 300) and the idle task.
const PERF_SCRIPT = `MainThread 200/200 
\t          16361be Builtins_LoadIC ${NODE}
\t    7f147a0e4937 [unknown] (/tmp/perf-200.map)
\t    7f147a0e5000 JS:*'parseRow /repo/node_modules/pg/lib/result.js:63:11 (/tmp/perf-200.map)
\t    7f147a0e6000 JS:+'readAccounts /repo/libs/bank/dist/ledger/ledger-reads.js:10:3 (/tmp/perf-200.map)

MainThread 200/200 
\tffffffff81b39745 tcp_sendmsg ${KERNEL}
\t          87c7d7 uv__io_poll ${NODE}

MainThread 200/200 
\t    7f147a0e7000 JS:*'emit node:events:489:44 (/tmp/perf-200.map)

libuv-worker 200/214 
\t          1b9049d ossl_rsaz_amm52x20_x2_ifma256 ${NODE}
\t          1b90000 EVP_DigestSignFinal ${NODE}

postgres 300/300 
\tffffffff8182caaa ext4_sync_file ${KERNEL}
\t          5a1b2c XLogFlush (/usr/lib/postgresql/15/bin/postgres)

swapper     0/0     
\tffffffff8224379b pv_native_safe_halt ${KERNEL}
`;

const NAMES: Record<number, string> = { 200: 'bank-api', 300: 'postgres' };

describe('where the machine’s CPU went, from perf script', () => {
  it('names a JavaScript frame’s package, lib, app or Node.js module', () => {
    expect(packageOfFrame("JS:*'parseRow /repo/node_modules/pg/lib/result.js:63:11")).toBe('node_modules/pg');
    expect(packageOfFrame("JS:* file:///repo/node_modules/@nestjs/core/router/router-proxy.js:4:16")).toBe('node_modules/@nestjs/core');
    expect(packageOfFrame("JS:+'use /repo/libs/bank/dist/ob-http/interaction-id.js:29:8")).toBe('libs/bank');
    expect(packageOfFrame("JS:+'approvedCode file:///repo/apps/sandbox-e2e/src/support/independent-tpp.ts:277:35")).toBe('apps/sandbox-e2e');
    expect(packageOfFrame("JS:*'readableAddChunk node:internal/streams/readable:470:38")).toBe('node:internal/streams');
    expect(packageOfFrame("JS:*'emit node:events:489:44")).toBe('node:events');
  });

  it('puts a main-thread sample on its innermost named JavaScript frame, past builtins and unnamed code', () => {
    expect(partOfSample('MainThread', ['Builtins_LoadIC (/usr/bin/node)', '[unknown] (/tmp/perf-1.map)', "JS:*'parseRow /r/node_modules/pg/lib/result.js:1:1 (/tmp/perf-1.map)"])).toBe('node_modules/pg');
    expect(partOfSample('MainThread', [`tcp_sendmsg ${KERNEL}`, 'uv__io_poll (/usr/bin/node)'])).toBe('kernel');
    expect(partOfSample('MainThread', ['uv__io_poll (/usr/bin/node)'])).toBe('native');
    expect(partOfSample('postgres', [`ext4_sync_file ${KERNEL}`])).toBe('postgres: kernel');
  });

  it('names the native work of a sample without JavaScript by a frame of its stack', () => {
    expect(partOfSample('MainThread', ['aesni_gcm_decrypt (/usr/bin/node)', 'SSL_read (/usr/bin/node)', 'node::crypto::TLSWrap::ClearOut (/usr/bin/node)'])).toBe('TLS');
    expect(partOfSample('MainThread', ['v8::internal::Scavenger::ScavengePage (/usr/bin/node)'])).toBe('garbage collection');
    expect(partOfSample('libuv-worker', ['scryptBlockMix (/usr/bin/node)', 'node::crypto::ScryptTraits::DeriveBits (/usr/bin/node)'])).toBe('libuv-worker: scrypt');
    expect(partOfSample('libuv-worker', ['ossl_rsaz_amm52x20_x2_ifma256 (/usr/bin/node)', 'EVP_DigestSignFinal (/usr/bin/node)'])).toBe('libuv-worker: signing and verifying');
    expect(partOfSample('V8Worker', ['v8::internal::ConcurrentMarking::RunMajor (/usr/bin/node)'])).toBe('V8Worker: garbage collection');
  });

  it('counts each process’s samples and their parts, heaviest process first, the idle task as idle', () => {
    const { totalSamples, processes } = attribute(PERF_SCRIPT, (pid) => NAMES[pid]);
    expect(totalSamples).toBe(6);
    expect(processes.map(({ name, samples }) => [name, samples])).toEqual([
      ['bank-api', 4],
      ['postgres', 1],
      ['idle', 1],
    ]);
    expect(Object.fromEntries(processes[0].parts)).toEqual({ 'node_modules/pg': 1, kernel: 1, 'node:events': 1, 'libuv-worker: signing and verifying': 1 });
  });

  it('names an unnamed process by its thread', () => {
    expect(attribute(PERF_SCRIPT, () => undefined).processes.map(({ name }) => name)).toEqual(['MainThread', 'libuv-worker', 'postgres', 'idle']);
  });

  it('reports shares of the machine, then of each process', () => {
    const report = attributionReport(attribute(PERF_SCRIPT, (pid) => NAMES[pid]), { parts: 2 });
    expect(report).toContain('6 samples');
    expect(report).toMatch(/ 66\.7 %\s+bank-api/);
    expect(report).toMatch(/bank-api \(66\.7 % of the machine\), by part:\n +25\.0 % {2}\S+\n +25\.0 % {2}\S+\n +50\.0 % {2}\(2 more\)/);
    expect(report).not.toContain('idle (');
  });
});
