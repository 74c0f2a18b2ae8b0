/**
 * Where a machine's CPU went during a benchmark, from `perf script` output (Linux perf, all CPUs, call graphs): per
 * process, and within each process per thread kind and per package of its JavaScript. Node.js processes must run with
 * `--perf-basic-prof` for their JavaScript frames to have names. Used by bench/profile.mts.
 *
 * A sample's owner is what ran on the CPU: its process (named by `processName`, e.g. "authorization-server"), else
 * "idle" for the kernel's idle task. Within a Node.js process a sample of its main thread is put on the innermost
 * JavaScript frame of its stack, named after that frame's package ("node_modules/pg", "libs/bank", "node:net"): V8's
 * builtins, the garbage collector's work on the main thread and the native code a frame calls count towards the frame
 * that called them. A main-thread sample with no JavaScript frame, and a sample of another thread, is named by the
 * native work in its stack where NATIVE_WORK knows it (TLS, garbage collection, scrypt, signing...), else "kernel" or
 * "native"; another thread's is prefixed with the thread's kind ("libuv-worker: scrypt", "V8Worker: garbage
 * collection", "postgres: kernel").
 */

export interface ProfiledProcess {
  /** Who the process is, e.g. "bank-api", "load generator", "postgres". */
  name: string;
  samples: number;
  /** Samples per part of the process ("node_modules/pg", "TLS", "libuv-worker: scrypt"...). */
  parts: Map<string, number>;
}

export interface Attribution {
  totalSamples: number;
  /** Heaviest first. */
  processes: ProfiledProcess[];
}

/** Where in a repository or in Node.js a JavaScript frame's code lives: its package, lib, app, or Node's module. */
export function packageOfFrame(frame: string): string {
  const file = /(?:file:\/\/)?(\/[^\s:]+|node:[\w/]+)(?::\d+)+/.exec(frame)?.[1];
  if (!file) return frame.includes('wasm') ? 'wasm' : 'JavaScript (unnamed)';
  if (file.startsWith('node:')) return file.split('/').slice(0, 2).join('/');
  const modules = /\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (modules) return `node_modules/${modules[1]}`;
  const own = /\/(libs|apps|bench)\/([^/]+)/.exec(file);
  return own ? `${own[1]}/${own[2]}` : file;
}

/** One sample of `perf script -F comm,pid,tid,ip,sym,dso`: its header and its frames, innermost first. */
interface Sample {
  thread: string;
  pid: number;
  frames: string[];
}

/** The samples of `perf script` text (header line `comm pid/tid`, then one indented frame per line, blank between). */
function* samplesOf(perfScript: string): Generator<Sample> {
  let current: Sample | undefined;
  for (const line of perfScript.split('\n')) {
    if (line.trim() === '') {
      if (current) yield current;
      current = undefined;
    } else if (/^\s/.test(line)) {
      // "\t   ffffffff8123 symbol+0x12 (dso)": the address, then the symbol and its object
      current?.frames.push(line.trim().replace(/^[0-9a-f]+\s+/, ''));
    } else {
      if (current) yield current;
      // the thread name may hold spaces: pid/tid is the first field made of digits and a slash
      const header = /^(.*?)\s+(\d+)\/\d+(?:\s|$)/.exec(line);
      current = header ? { thread: header[1].trim(), pid: Number(header[2]), frames: [] } : undefined;
    }
  }
  if (current) yield current;
}

/** A JavaScript function named in the process's perf map (code the map does not name yet counts towards its caller). */
const isJavaScriptFrame = (frame: string) => frame.startsWith('JS:');
const isKernelFrame = (frame: string) => frame.endsWith('([kernel.kallsyms])');

/** Native work worth naming, by a frame anywhere in the sample's stack (the first that matches names it). */
const NATIVE_WORK: Array<[RegExp, string]> = [
  [/ScryptTraits/, 'scrypt'],
  [/SignTraits|EVP_DigestSign|EVP_DigestVerify/, 'signing and verifying'],
  [/getaddrinfo/, 'DNS lookups'],
  [/Heap::|Scavenger|MarkCompact|ConcurrentMarking|MinorMarkSweep|Sweeper|GCTracer/, 'garbage collection'],
  [/compiler::|Maglev|Turbofan|Compiler::|BaselineBatchCompiler/, 'compiling'],
  [/\bSSL_|\bssl3_|\btls_|TLSWrap/, 'TLS'],
];

/** The part of its process a sample counts towards (see the file's comment). */
export function partOfSample(thread: string, frames: readonly string[]): string {
  const javaScript = thread === 'MainThread' ? frames.find(isJavaScriptFrame) : undefined;
  if (javaScript) return packageOfFrame(javaScript);
  const work = NATIVE_WORK.find(([pattern]) => frames.some((frame) => pattern.test(frame)))?.[1];
  const where = work ?? (frames.length > 0 && isKernelFrame(frames[0]) ? 'kernel' : 'native');
  return thread === 'MainThread' ? where : `${thread.replace(/[\d-]+$/, '') || thread}: ${where}`;
}

/**
 * The attribution of every sample of `perfScript`; `processName(pid)` names a sample's process (undefined: the
 * sample's thread name stands for it, as for a process that ended before it could be named).
 */
export function attribute(perfScript: string, processName: (pid: number) => string | undefined): Attribution {
  const byName = new Map<string, ProfiledProcess>();
  let totalSamples = 0;
  for (const { thread, pid, frames } of samplesOf(perfScript)) {
    totalSamples++;
    const name = pid === 0 ? 'idle' : (processName(pid) ?? thread);
    let profiled = byName.get(name);
    if (!profiled) byName.set(name, (profiled = { name, samples: 0, parts: new Map() }));
    profiled.samples++;
    const part = pid === 0 ? 'idle' : partOfSample(thread, frames);
    profiled.parts.set(part, (profiled.parts.get(part) ?? 0) + 1);
  }
  return { totalSamples, processes: [...byName.values()].sort((a, b) => b.samples - a.samples) };
}

/** Processes with less than this share of the machine are summed up in one line. */
const SMALLEST_SHOWN_SHARE = 0.005;

const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1).padStart(5)} %`;

/** The attribution as text: each process's share of the machine, then, for the heaviest, their parts' shares of them. */
export function attributionReport(attribution: Attribution, { processes = 6, parts = 12 } = {}): string {
  const { totalSamples } = attribution;
  if (totalSamples === 0) return 'no samples';
  const lines = [`${totalSamples} samples; share of the machine (every CPU) by process:`];
  const shown = attribution.processes.filter(({ samples }) => samples >= totalSamples * SMALLEST_SHOWN_SHARE);
  for (const profiled of shown) lines.push(`  ${percent(profiled.samples, totalSamples)}  ${profiled.name}`);
  const others = attribution.processes.length - shown.length;
  if (others > 0) lines.push(`  ${percent(totalSamples - shown.reduce((sum, { samples }) => sum + samples, 0), totalSamples)}  (${others} more)`);
  for (const profiled of attribution.processes.filter(({ name }) => name !== 'idle').slice(0, processes)) {
    lines.push('', `${profiled.name} (${percent(profiled.samples, totalSamples).trim()} of the machine), by part:`);
    const heaviest = [...profiled.parts].sort((a, b) => b[1] - a[1]);
    for (const [part, samples] of heaviest.slice(0, parts)) lines.push(`  ${percent(samples, profiled.samples)}  ${part}`);
    const rest = heaviest.slice(parts).reduce((sum, [, samples]) => sum + samples, 0);
    if (rest > 0) lines.push(`  ${percent(rest, profiled.samples)}  (${heaviest.length - parts} more)`);
  }
  return lines.join('\n');
}
