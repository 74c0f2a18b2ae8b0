import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCaCertificate, issueServerCertificate, parseCertsArguments, type PublicHosts, SandboxFiles, SERVER_IDENTITIES } from '@fapi/pki';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from './runtime-imports';

/** The parts of Kubernetes objects the manifests' checks read. */
export interface KubernetesObject {
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  data?: Record<string, string>;
  spec?: WorkloadSpec & ServiceSpec & { selector?: { matchLabels?: Record<string, string> }; accessModes?: string[] };
}

export interface WorkloadSpec {
  replicas?: number;
  strategy?: { type: string };
  serviceName?: string;
  template?: { metadata: { labels: Record<string, string> }; spec: PodSpec };
}

export interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  selector?: Record<string, string>;
  ports?: { name?: string; port: number; targetPort?: number | string }[];
}

export interface PodSpec {
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; seccompProfile?: { type: string } };
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  initContainers?: Container[];
  containers: Container[];
  volumes?: Volume[];
}

export interface Probe {
  httpGet?: { path: string; port: number | string; scheme?: string };
  exec?: { command: string[] };
}

export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: KeyRef; configMapKeyRef?: KeyRef; fieldRef?: unknown } }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  securityContext?: {
    privileged?: boolean;
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    runAsNonRoot?: boolean;
    runAsUser?: number;
    capabilities?: { drop?: string[]; add?: string[] };
  };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}

export interface KeyRef {
  name: string;
  key: string;
}

export interface Volume {
  name: string;
  secret?: { secretName: string; items?: { key: string; path: string }[] };
  configMap?: { name: string; items?: { key: string; path: string }[] };
  projected?: { sources: { secret?: { name: string; items?: { key: string; path: string }[] }; configMap?: { name: string } }[] };
  emptyDir?: object;
  hostPath?: object;
  persistentVolumeClaim?: { claimName: string };
}

const documents = (text: string): KubernetesObject[] =>
  parseAllDocuments(text)
    .map((document) => document.toJS() as KubernetesObject | null)
    .filter((object): object is KubernetesObject => object !== null);

export const K8S_DIR = path.join(repoRoot, 'infra', 'k8s');

export const OVERLAYS = ['trial', 'production'] as const;
export type Overlay = (typeof OVERLAYS)[number];

/** What `kubectl kustomize infra/k8s/overlays/<overlay>` renders (kubectl's built-in kustomize; no cluster needed). */
export function renderOverlay(overlay: Overlay): KubernetesObject[] {
  try {
    return documents(execFileSync('kubectl', ['kustomize', path.join(K8S_DIR, 'overlays', overlay)], { encoding: 'utf8', stdio: 'pipe' }));
  } catch (error) {
    const { code, stderr } = error as { code?: string; stderr?: string };
    throw new Error(code === 'ENOENT' ? 'kubectl is not on PATH: the manifests render with its kustomize v5 (README "Prerequisites")' : `kubectl kustomize ${overlay}: ${stderr}`);
  }
}

/** Every file `npm run certs` writes (docs/architecture.md "Certificates folder"). */
export const CERTS_FOLDER_FILES = [
  SandboxFiles.caCert,
  SandboxFiles.caKey,
  ...SERVER_IDENTITIES.flatMap((identity) => [SandboxFiles.serverCert(identity), SandboxFiles.serverKey(identity)]),
  SandboxFiles.asSigningJwks,
  SandboxFiles.bankSigningJwks,
  SandboxFiles.registrationToken,
];

/**
 * The `npm run certs -- ...` arguments README "Running on Kubernetes" gives for an overlay: the command whose `--out`
 * is the folder the README then hands to `infra/k8s/secrets.sh --<overlay>` (lines joined at their trailing `\`).
 */
function documentedCertsArguments(overlay: Overlay): string[] {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8').replace(/\\\n\s*/g, ' ');
  const section = readme.slice(readme.indexOf('## Running on Kubernetes'));
  const certsDir = new RegExp(`infra/k8s/secrets\\.sh --${overlay} (\\S+)`).exec(section)?.[1];
  const command = section
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim().split(/\s+/))
    .find((words) => words.slice(0, 4).join(' ') === 'npm run certs --' && words[words.indexOf('--out') + 1] === certsDir);
  if (!certsDir || !command) throw new Error(`README "Running on Kubernetes" documents no \`npm run certs -- --out DIR\` for \`secrets.sh --${overlay} DIR\``);
  return command.slice(4);
}

/** The public hosts of each server certificate, as the README's certs command for the overlay asks for them. */
export function documentedPublicHosts(overlay: Overlay): PublicHosts {
  const command = parseCertsArguments(documentedCertsArguments(overlay), { outDir: 'unused' });
  if (command.help) throw new Error('the README\'s certs command asks for --help');
  return command.options.publicHosts ?? {};
}

/**
 * A certs folder with every file `npm run certs` writes, in `dir`: the CA and the server certificates real (naming
 * `publicHosts`, as the generator issues them), the rest placeholders (only their names matter here).
 */
export function writeCertsFolder(dir: string, publicHosts: PublicHosts): void {
  for (const file of CERTS_FOLDER_FILES) writeFileSync(path.join(dir, file), 'placeholder\n');
  const rsaKey = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const ca = { keyPem: rsaKey(), certPem: '' };
  ca.certPem = createCaCertificate(ca.keyPem);
  writeFileSync(path.join(dir, SandboxFiles.caCert), ca.certPem);
  for (const identity of SERVER_IDENTITIES) {
    const keyPem = rsaKey();
    writeFileSync(path.join(dir, SandboxFiles.serverKey(identity)), keyPem);
    writeFileSync(path.join(dir, SandboxFiles.serverCert(identity)), issueServerCertificate(ca, identity, keyPem, new Date(), publicHosts[identity]));
  }
}

/**
 * What infra/k8s/secrets.sh prints for an overlay from a certs folder (by default one with the public hosts the
 * README's certs command for that overlay asks for); throws with its error when it refuses the folder.
 */
export function secretsFor(overlay: Overlay, publicHosts: PublicHosts = documentedPublicHosts(overlay)): KubernetesObject[] {
  const certs = mkdtempSync(path.join(tmpdir(), 'k8s-certs-'));
  try {
    writeCertsFolder(certs, publicHosts);
    const env = { ...process.env, DATABASE_URL: 'postgresql://sandbox:placeholder@db.example.com:5432/fapi', POSTGRES_PASSWORD: 'placeholder' };
    try {
      return documents(execFileSync(path.join(K8S_DIR, 'secrets.sh'), [`--${overlay}`, certs], { encoding: 'utf8', env, stdio: 'pipe' }));
    } catch (error) {
      throw new Error(String((error as { stderr?: string }).stderr).replaceAll(certs, 'CERTS_DIR').trim());
    }
  } finally {
    rmSync(certs, { recursive: true, force: true });
  }
}

/** The pod specs of an overlay's workloads (Deployments, StatefulSets), by workload. */
export const workloads = (objects: readonly KubernetesObject[]) =>
  objects.filter((object) => ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(object.kind) && object.spec?.template);

export const allContainers = (pod: PodSpec): Container[] => [...(pod.initContainers ?? []), ...pod.containers];
