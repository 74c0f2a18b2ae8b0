import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SandboxFiles, SERVER_IDENTITIES } from '@fapi/pki';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from './runtime-imports';

/** The parts of Kubernetes objects the manifests' checks read. */
export interface KubernetesObject {
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  data?: Record<string, string>;
  spec?: WorkloadSpec & ServiceSpec & { selector?: { matchLabels?: Record<string, string> } };
}

export interface WorkloadSpec {
  replicas?: number;
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
 * The Secrets infra/k8s/secrets.sh makes for an overlay from a certs folder with every file `npm run certs` writes
 * (placeholder contents: only the names matter here).
 */
export function secretsFor(overlay: Overlay): KubernetesObject[] {
  const certs = mkdtempSync(path.join(tmpdir(), 'k8s-certs-'));
  try {
    for (const file of CERTS_FOLDER_FILES) writeFileSync(path.join(certs, file), 'placeholder\n');
    const env = { ...process.env, DATABASE_URL: 'postgresql://sandbox:placeholder@db.example.com:5432/fapi', POSTGRES_PASSWORD: 'placeholder' };
    return documents(execFileSync(path.join(K8S_DIR, 'secrets.sh'), [`--${overlay}`, certs], { encoding: 'utf8', env }));
  } finally {
    rmSync(certs, { recursive: true, force: true });
  }
}

/** The pod specs of an overlay's workloads (Deployments, StatefulSets), by workload. */
export const workloads = (objects: readonly KubernetesObject[]) =>
  objects.filter((object) => ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(object.kind) && object.spec?.template);

export const allContainers = (pod: PodSpec): Container[] => [...(pod.initContainers ?? []), ...pod.containers];
