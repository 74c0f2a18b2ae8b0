import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { streamReplicasOf } from '@fapi/nats-contract';
import { SandboxFiles, SERVER_IDENTITIES } from '@fapi/pki';
import { dockerStages } from './dockerfile';
import { compose, COMPOSE_IMAGE } from './entry-points';
import {
  allContainers,
  type Container,
  K8S_DIR,
  type KubernetesObject,
  OVERLAYS,
  type Overlay,
  type PodSpec,
  type Probe,
  renderOverlay,
  secretsFor,
  workloads,
} from './kubernetes-objects';
import { repoRoot, sourceOf } from './runtime-imports';
import { type SandboxServiceName, SERVICE_STATE } from '@fapi/service-runtime';

/**
 * infra/k8s rendered as `kubectl kustomize` renders it (no cluster needed), together with the Secrets
 * infra/k8s/secrets.sh makes from a certs folder: every reference resolves, every container runs what this repository
 * builds and probes what the service serves, only stateless services are replicated, and every pod meets the
 * restricted Pod Security Standard (https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted).
 * Each check lists what it found wrong, so a failure names the object and the field.
 */
/** secrets.sh's refusal of the certs folder the README's certs command makes for an overlay, when it refused it. */
const secretsRefusals: Partial<Record<Overlay, string>> = {};
function documentedSecrets(overlay: Overlay): KubernetesObject[] {
  try {
    return secretsFor(overlay);
  } catch (error) {
    secretsRefusals[overlay] = (error as Error).message;
    return [];
  }
}

const rendered = Object.fromEntries(OVERLAYS.map((overlay) => [overlay, [...renderOverlay(overlay), ...documentedSecrets(overlay)]])) as Record<
  Overlay,
  KubernetesObject[]
>;

const named = (objects: readonly KubernetesObject[], kind: string, name: string) =>
  objects.find((object) => object.kind === kind && object.metadata.name === name);
const dataKeys = (object: KubernetesObject | undefined) => Object.keys(object?.data ?? {});
const selects = (selector: Record<string, string> | undefined, labels: Record<string, string>) =>
  Object.keys(selector ?? {}).length > 0 && Object.entries(selector ?? {}).every(([key, value]) => labels[key] === value);
const declaresPort = (container: Container, port: number | string | undefined) =>
  (container.ports ?? []).some(({ name, containerPort }) => name === port || containerPort === port);

/** The one image infra/Dockerfile builds, as an overlay names it (its `images:` entry for `fapi-sandbox`). */
function sandboxImage(overlay: Overlay): string {
  const kustomization = readFileSync(path.join(repoRoot, 'infra/k8s/overlays', overlay, 'kustomization.yaml'), 'utf8');
  const [, newName, newTag] = /- name: fapi-sandbox\s+newName: (\S+)\s+newTag: "?([^"\s]+)"?/.exec(kustomization) ?? [];
  return `${newName}:${newTag}`;
}

const dockerfile = readFileSync(path.join(repoRoot, 'infra/Dockerfile'), 'utf8');
const IMAGE_USER = Number(dockerStages().at(-1)!.instructions.filter(({ keyword }) => keyword === 'USER').at(-1)?.args.split(':')[0]);
const IMAGE_HOME = /HOME=(\S+)/.exec(dockerfile)?.[1];

/** The sandbox's own workloads (their main container runs the sandbox image), with their pod specs. */
const sandboxWorkloads = (overlay: Overlay) =>
  workloads(rendered[overlay])
    .map((workload) => ({ name: workload.metadata.name, workload, pod: workload.spec!.template!.spec }))
    .filter(({ pod }) => pod.containers[0].image === sandboxImage(overlay));

/** The configuration every sandbox container reads (its envFrom ConfigMap), as rendered. */
const sandboxConfig = (overlay: Overlay): Record<string, string> =>
  rendered[overlay].find((object) => object.kind === 'ConfigMap' && object.metadata.name.startsWith('sandbox-config'))!.data!;

/** The files a pod volume puts in its folder: each of its Secrets' keys (or the items it picks). */
function volumeFiles(overlay: Overlay, pod: PodSpec, volumeName: string | undefined): string[] {
  const volume = pod.volumes?.find(({ name }) => name === volumeName);
  const secrets = volume?.projected?.sources.flatMap(({ secret }) => (secret ? [secret] : [])) ?? [];
  if (volume?.secret) secrets.push({ name: volume.secret.secretName, items: volume.secret.items });
  return secrets.flatMap(({ name, items }) => items?.map(({ path: file }) => file) ?? dataKeys(named(rendered[overlay], 'Secret', name)));
}

const mountedAt = (container: Container, folder: string | undefined) => container.volumeMounts?.find(({ mountPath }) => mountPath === folder);

/** The mount a file path of a container is on: the one with the longest mount path holding it. */
const mountHolding = (container: Container, file: string) =>
  (container.volumeMounts ?? [])
    .filter(({ mountPath }) => file === mountPath || file.startsWith(`${mountPath.replace(/\/$/, '')}/`))
    .sort((a, b) => b.mountPath.length - a.mountPath.length)[0];

/** The Service a host name reaches: in the cluster by its name, from outside by its external-dns host name. */
const serviceAt = (objects: readonly KubernetesObject[], hostname: string) =>
  objects.find(
    (object) =>
      object.kind === 'Service' &&
      (object.metadata.name === hostname || object.metadata.annotations?.['external-dns.alpha.kubernetes.io/hostname'] === hostname),
  );

/** The public URLs of the configuration, each served by one of the services with a server certificate. */
const PUBLIC_URL_SETTINGS = ['ISSUER', 'BANK_URL', 'TPP_URL'] as const;

/** `onboard --out DIR` of a container, with `$(VARIABLE)` resolved from the sandbox configuration as Kubernetes does. */
const onboardedDirOf = (container: Container, config: Record<string, string>) => {
  const command = container.command ?? [];
  const out = command[command.indexOf('--out') + 1] ?? '';
  return out.replace(/\$\(([A-Z_]+)\)/g, (_, variable: string) => config[variable] ?? '');
};

/** What each service reads from CERTS_DIR (docs/architecture.md "Certificates folder"). */
const CERTS_READ: Partial<Record<SandboxServiceName, string[]>> = {
  // loadTlsIdentity (its TLS), readAsSigningJwks and readRegistrationToken (provider-material.ts)
  'authorization-server': [
    SandboxFiles.caCert,
    SandboxFiles.serverCert('authorization-server'),
    SandboxFiles.serverKey('authorization-server'),
    SandboxFiles.asSigningJwks,
    SandboxFiles.registrationToken,
  ],
  // loadTlsIdentity, BankSigner.fromCertsDir
  'bank-api': [SandboxFiles.caCert, SandboxFiles.serverCert('bank-api'), SandboxFiles.serverKey('bank-api'), SandboxFiles.bankSigningJwks],
  // loadTlsIdentity
  'tpp-client': [SandboxFiles.caCert, SandboxFiles.serverCert('tpp-client'), SandboxFiles.serverKey('tpp-client')],
};

/** What `onboard --certs DIR` reads there: loadSandboxCa and readRegistrationToken (onboard-tpp.ts). */
const ONBOARDING_READS = [SandboxFiles.caCert, SandboxFiles.caKey, SandboxFiles.registrationToken];

/** The health paths the services serve: HealthController's @Controller prefix with each @Get. */
const HEALTH_PATHS = (() => {
  const controller = readFileSync(path.join(repoRoot, 'libs/service-runtime/src/operations/health.controller.ts'), 'utf8');
  const prefix = /@Controller\('([^']+)'\)/.exec(controller)![1];
  return [...controller.matchAll(/@Get\('([^']+)'\)/g)].map(([, route]) => `/${prefix}/${route}`);
})();

const PROBE_KINDS = ['startupProbe', 'livenessProbe', 'readinessProbe'] as const;
const probesOf = (container: Container): [string, Probe][] =>
  PROBE_KINDS.flatMap((kind) => (container[kind] ? [[kind, container[kind]] as [string, Probe]] : []));

describe.each(OVERLAYS)('infra/k8s overlay %s', (overlay) => {
  const objects = rendered[overlay];
  const pods = workloads(objects).map((workload) => ({ name: workload.metadata.name, labels: workload.spec!.template!.metadata.labels, pod: workload.spec!.template!.spec }));

  it('runs each sandbox service as a Deployment of the sandbox image', () => {
    const deployments = sandboxWorkloads(overlay).filter(({ workload }) => workload.kind === 'Deployment');
    expect(deployments.map(({ name }) => name).sort()).toEqual(Object.keys(SERVICE_STATE).sort());
  });

  it('references only Secrets, ConfigMaps and keys that exist (rendered, or made by secrets.sh)', () => {
    const problems: string[] = [];
    const lookUp = (where: string, kind: string, name: string, keys: readonly string[] = []) => {
      const found = named(objects, kind, name);
      if (!found) problems.push(`${where}: ${kind} ${name} does not exist`);
      else for (const key of keys) if (!dataKeys(found).includes(key)) problems.push(`${where}: ${kind} ${name} has no key ${key}`);
    };
    for (const { name, pod } of pods) {
      for (const container of allContainers(pod)) {
        const where = `${name}/${container.name}`;
        for (const { configMapRef, secretRef } of container.envFrom ?? []) {
          if (configMapRef) lookUp(where, 'ConfigMap', configMapRef.name);
          if (secretRef) lookUp(where, 'Secret', secretRef.name);
        }
        for (const { valueFrom } of container.env ?? []) {
          if (valueFrom?.secretKeyRef) lookUp(where, 'Secret', valueFrom.secretKeyRef.name, [valueFrom.secretKeyRef.key]);
          if (valueFrom?.configMapKeyRef) lookUp(where, 'ConfigMap', valueFrom.configMapKeyRef.name, [valueFrom.configMapKeyRef.key]);
        }
      }
      for (const volume of pod.volumes ?? []) {
        const where = `${name} volume ${volume.name}`;
        for (const { secret, configMap } of volume.projected?.sources ?? []) {
          if (secret) lookUp(where, 'Secret', secret.name, secret.items?.map(({ key }) => key));
          if (configMap) lookUp(where, 'ConfigMap', configMap.name);
        }
        if (volume.secret) lookUp(where, 'Secret', volume.secret.secretName, volume.secret.items?.map(({ key }) => key));
        if (volume.configMap) lookUp(where, 'ConfigMap', volume.configMap.name, volume.configMap.items?.map(({ key }) => key));
      }
    }
    expect(problems).toEqual([]);
  });

  it('mounts in each service’s CERTS_DIR the files it reads, and the CA key only where onboarding issues a certificate', () => {
    const problems: string[] = [];
    const certsDir = sandboxConfig(overlay).CERTS_DIR;
    for (const { name, pod } of sandboxWorkloads(overlay)) {
      for (const container of allContainers(pod)) {
        const where = `${name}/${container.name}`;
        const files = volumeFiles(overlay, pod, mountedAt(container, certsDir)?.name);
        const reads = container.name === name ? (CERTS_READ[name as SandboxServiceName] ?? []) : [];
        for (const file of reads) if (!files.includes(file)) problems.push(`${where}: no ${file} in ${certsDir}`);
        if (files.includes(SandboxFiles.caKey)) problems.push(`${where}: the CA key is in ${certsDir}`);
        const command = container.command ?? [];
        if (!command.includes('--certs')) continue;
        const onboardingDir = command[command.indexOf('--certs') + 1];
        const onboardingFiles = volumeFiles(overlay, pod, mountedAt(container, onboardingDir)?.name);
        for (const file of ONBOARDING_READS) if (!onboardingFiles.includes(file)) problems.push(`${where}: no ${file} in ${onboardingDir}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('runs in the sandbox image only commands this repository builds (node <built entry point>)', () => {
    const problems: string[] = [];
    for (const { name, pod } of sandboxWorkloads(overlay)) {
      for (const container of allContainers(pod)) {
        const where = `${name}/${container.name}`;
        const [runtime, entryPoint = ''] = container.command ?? [];
        if (container.image !== sandboxImage(overlay)) problems.push(`${where}: image ${container.image}, not ${sandboxImage(overlay)}`);
        if (runtime !== 'node' || !/^(apps|libs)\/[a-z-]+\/dist\/.+\.js$/.test(entryPoint)) problems.push(`${where}: runs ${container.command?.join(' ')}`);
        else if (!existsSync(sourceOf(entryPoint))) problems.push(`${where}: ${entryPoint} is built from nothing (no ${sourceOf(entryPoint)})`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("uses the versions of docker-compose.yml's PostgreSQL and NATS for every other image, pinned", () => {
    const composeImages = Object.values(compose.services)
      .map(({ image }) => image)
      .filter((image): image is string => !!image && image !== COMPOSE_IMAGE);
    const others = pods.flatMap(({ name, pod }) => allContainers(pod).map(({ image }) => ({ name, image }))).filter(({ image }) => image !== sandboxImage(overlay));
    const unpinned = others.filter(({ image }) => {
      const [repository, tag = 'latest'] = image.split(':');
      return !composeImages.some((composed) => composed.split(':')[0] === repository && tag.startsWith(composed.split(':')[1]));
    });
    expect(unpinned).toEqual([]);
  });

  it('gives every sandbox container the environment docker-compose.yml gives the sandbox services', () => {
    const composeEnvironment = Object.keys((compose.services['authorization-server'] as { environment?: Record<string, string> }).environment ?? {});
    const problems: string[] = [];
    for (const { name, pod } of sandboxWorkloads(overlay)) {
      for (const container of allContainers(pod)) {
        const fromConfigMaps = (container.envFrom ?? []).flatMap(({ configMapRef }) => dataKeys(configMapRef && named(objects, 'ConfigMap', configMapRef.name)));
        const names = [...(container.env ?? []).map(({ name: variable }) => variable), ...fromConfigMaps];
        // the fintech's onboarding owns no database: only it goes without DATABASE_URL
        const expected = composeEnvironment.filter((variable) => variable !== 'DATABASE_URL' || name !== 'tpp-client' || container.name !== 'onboard');
        for (const variable of expected) if (!names.includes(variable)) problems.push(`${name}/${container.name}: no ${variable}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('probes the health endpoints the services serve, on the port and scheme each process listens with', () => {
    const problems: string[] = [];
    for (const { name, pod } of sandboxWorkloads(overlay)) {
      const container = pod.containers[0];
      const port = container.env?.find(({ name: variable }) => variable === 'PORT')?.value;
      // an HTTPS service listens on PORT; a NATS-only one (consent-service) serves health on HEALTH_PORT, plain HTTP
      const listening = { port: Number(port ?? sandboxConfig(overlay).HEALTH_PORT), scheme: port ? 'HTTPS' : 'HTTP' };
      const expectedPaths = { startupProbe: '/health/live', livenessProbe: '/health/live', readinessProbe: '/health/ready' };
      for (const kind of PROBE_KINDS) {
        const httpGet = container[kind]?.httpGet;
        const declared = container.ports?.find((declaredPort) => declaredPort.name === httpGet?.port || declaredPort.containerPort === httpGet?.port);
        if (!httpGet) problems.push(`${name}: no ${kind}`);
        else if (!HEALTH_PATHS.includes(httpGet.path) || httpGet.path !== expectedPaths[kind]) problems.push(`${name}: ${kind} asks ${httpGet.path}`);
        else if (declared?.containerPort !== listening.port) problems.push(`${name}: ${kind} on port ${declared?.containerPort}, the process listens on ${listening.port}`);
        else if ((httpGet.scheme ?? 'HTTP') !== listening.scheme) problems.push(`${name}: ${kind} over ${httpGet.scheme ?? 'HTTP'}, not ${listening.scheme}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('probes every other container on a port it declares', () => {
    const undeclared = pods.flatMap(({ name, pod }) =>
      pod.containers.flatMap((container) =>
        probesOf(container)
          .filter(([, { httpGet }]) => httpGet && !declaresPort(container, httpGet.port))
          .map(([kind, { httpGet }]) => `${name}/${container.name}: ${kind} on undeclared port ${httpGet!.port}`),
      ),
    );
    expect(undeclared).toEqual([]);
  });

  it('routes every Service to pods that declare its target port', () => {
    const problems: string[] = [];
    for (const service of objects.filter(({ kind }) => kind === 'Service')) {
      const selected = pods.filter(({ labels }) => selects(service.spec!.selector, labels));
      if (selected.length === 0) problems.push(`Service ${service.metadata.name} selects no pod`);
      for (const { port, targetPort = port } of service.spec!.ports ?? []) {
        for (const { name, pod } of selected) {
          if (!pod.containers.some((container) => declaresPort(container, targetPort))) problems.push(`Service ${service.metadata.name}: ${name} has no port ${targetPort}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('publishes each URL of the configuration at a Service port (production: DATABASE_URL outside the cluster)', () => {
    const config = sandboxConfig(overlay);
    const databaseUrl = Buffer.from(named(objects, 'Secret', 'database')!.data!.DATABASE_URL, 'base64').toString();
    const urls = { ISSUER: config.ISSUER, BANK_URL: config.BANK_URL, TPP_URL: config.TPP_URL, NATS_URL: config.NATS_URL, DATABASE_URL: databaseUrl };
    const problems: string[] = [];
    for (const [setting, url] of Object.entries(urls)) {
      const { hostname, port, protocol } = new URL(url);
      const servicePort = Number(port || { 'https:': 443, 'nats:': 4222, 'postgresql:': 5432 }[protocol]);
      const service = serviceAt(objects, hostname);
      const managedDatabase = overlay === 'production' && setting === 'DATABASE_URL';
      if (managedDatabase && service) problems.push(`${setting} ${url} names a Service of the cluster`);
      if (!managedDatabase && !service?.spec?.ports?.some(({ port: published }) => published === servicePort)) {
        problems.push(`${setting} ${url}: no Service publishes ${hostname}:${servicePort}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("names the host of each public URL on the certificate of the service behind it, as the README's certs command issues them", () => {
    const config = sandboxConfig(overlay);
    const problems: string[] = secretsRefusals[overlay] ? [`secrets.sh refused the README's certs: ${secretsRefusals[overlay]}`] : [];
    for (const setting of PUBLIC_URL_SETTINGS) {
      const { hostname } = new URL(config[setting]);
      const service = serviceAt(objects, hostname)?.metadata.name;
      const identity = SERVER_IDENTITIES.find((name) => name === service);
      const file = identity && SandboxFiles.serverCert(identity);
      const secret = objects.find((object) => object.kind === 'Secret' && file && object.data?.[file]);
      if (!identity || !file || !secret) problems.push(`${setting} ${hostname}: no server certificate of the Service behind it (${service})`);
      else if (!new X509Certificate(Buffer.from(secret.data![file], 'base64')).checkHost(hostname)) problems.push(`${setting}: ${file} does not name ${hostname}`);
    }
    expect(problems).toEqual([]);
  });

  it("keeps each JetStream stream on every node of the NATS cluster: NATS_STREAM_REPLICAS is the NATS StatefulSet's replicas", () => {
    const setting = sandboxConfig(overlay).NATS_STREAM_REPLICAS;
    expect({ NATS_STREAM_REPLICAS: streamReplicasOf({ NATS_STREAM_REPLICAS: setting }) }).toEqual({
      NATS_STREAM_REPLICAS: named(objects, 'StatefulSet', 'nats')!.spec!.replicas,
    });
  });

  it('onboards the sample fintech once: --if-absent into a PersistentVolumeClaim of one pod at a time, where the fintech reads it', () => {
    const config = sandboxConfig(overlay);
    const problems: string[] = [];
    const onboarding = sandboxWorkloads(overlay).flatMap(({ name, workload, pod }) =>
      allContainers(pod)
        .filter(({ command }) => command?.[1] === 'libs/onboarding/dist/cli/onboard.js')
        .map((container) => ({ name, workload, pod, container })),
    );
    if (onboarding.length === 0) problems.push('no container onboards the sample fintech');
    for (const { name, workload, pod, container } of onboarding) {
      const where = `${name}/${container.name}`;
      const out = onboardedDirOf(container, config);
      const volume = pod.volumes?.find(({ name: volumeName }) => volumeName === mountHolding(container, out)?.name);
      const claim = named(objects, 'PersistentVolumeClaim', volume?.persistentVolumeClaim?.claimName ?? '');
      const reader = pod.containers.find(({ name: containerName }) => containerName === name);
      if (!container.command!.includes('--if-absent')) problems.push(`${where}: onboards again at every start (no --if-absent)`);
      if (out !== config.TPP_ONBOARDED_DIR) problems.push(`${where}: writes ${out}, the fintech reads TPP_ONBOARDED_DIR ${config.TPP_ONBOARDED_DIR}`);
      if (!claim) problems.push(`${where}: ${out} is on ${volume ? Object.keys(volume).filter((key) => key !== 'name').join() : 'no volume'}, not a PersistentVolumeClaim`);
      if (reader && mountHolding(reader, config.TPP_ONBOARDED_DIR)?.name !== volume?.name) problems.push(`${name}: does not read ${out} from the volume onboarding wrote`);
      if ((workload.spec!.replicas ?? 1) !== 1 || workload.spec!.strategy?.type !== 'Recreate') {
        problems.push(`${name}: more than one pod at a time could claim ${volume?.persistentVolumeClaim?.claimName}`);
      }
      if (claim && JSON.stringify(claim.spec?.accessModes) !== '["ReadWriteOnce"]') problems.push(`${claim.metadata.name}: not ReadWriteOnce`);
    }
    expect(problems).toEqual([]);
  });

  it('replicates only the services that keep no state in a process (SERVICE_STATE), each with a PodDisruptionBudget', () => {
    const found = sandboxWorkloads(overlay).map(({ name, workload }) => ({
      name,
      replicated: (workload.spec!.replicas ?? 1) > 1,
      budget: objects.some((object) => object.kind === 'PodDisruptionBudget' && selects(object.spec!.selector?.matchLabels, workload.spec!.template!.metadata.labels)),
      oneReplicaBecause: workload.metadata.annotations?.['fapi-sandbox/one-replica-because'],
    }));
    const expected = found.map(({ name, replicated, oneReplicaBecause }) => {
      const stateless = !SERVICE_STATE[name as SandboxServiceName].keepsStateInMemory;
      // a stateless service may still run once for a reason of its deployment, which its manifest must name
      const heldToOne = stateless && !replicated && oneReplicaBecause !== undefined;
      return { name, replicated: stateless && !heldToOne, budget: stateless && !heldToOne, oneReplicaBecause };
    });
    expect(found).toEqual(expected);
  });

  it('meets the restricted Pod Security Standard in every pod, and enforces it on the namespace', () => {
    const problems: string[] = [];
    const namespace = objects.find(({ kind }) => kind === 'Namespace');
    if (namespace?.metadata.labels?.['pod-security.kubernetes.io/enforce'] !== 'restricted') problems.push('the namespace does not enforce restricted');
    for (const { name, pod } of pods) {
      const context = pod.securityContext;
      if (context?.runAsNonRoot !== true) problems.push(`${name}: runAsNonRoot is not true`);
      if (!((context?.runAsUser ?? 0) > 0)) problems.push(`${name}: runAsUser is not a non-root user`);
      if (context?.seccompProfile?.type !== 'RuntimeDefault') problems.push(`${name}: seccompProfile is not RuntimeDefault`);
      if (pod.hostNetwork || pod.hostPID || pod.hostIPC) problems.push(`${name}: shares a host namespace`);
      if (pod.volumes?.some(({ hostPath }) => hostPath)) problems.push(`${name}: mounts a hostPath`);
      for (const container of allContainers(pod)) {
        const where = `${name}/${container.name}`;
        const containerContext = container.securityContext;
        if (containerContext?.privileged) problems.push(`${where}: privileged`);
        if (containerContext?.allowPrivilegeEscalation !== false) problems.push(`${where}: allowPrivilegeEscalation is not false`);
        if (!containerContext?.capabilities?.drop?.includes('ALL')) problems.push(`${where}: does not drop ALL capabilities`);
        if (containerContext?.capabilities?.add?.some((capability) => capability !== 'NET_BIND_SERVICE')) problems.push(`${where}: adds capabilities`);
        if (containerContext?.readOnlyRootFilesystem !== true) problems.push(`${where}: root filesystem is writable`);
        if (!container.resources?.requests || !container.resources.limits?.memory) problems.push(`${where}: no requests or memory limit`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("runs the sandbox image as the image's user, with its HOME the one writable folder", () => {
    const problems: string[] = [];
    for (const { name, pod } of sandboxWorkloads(overlay)) {
      if (pod.securityContext?.runAsUser !== IMAGE_USER) problems.push(`${name}: runs as ${pod.securityContext?.runAsUser}, the image as ${IMAGE_USER}`);
      for (const container of allContainers(pod)) {
        const home = mountedAt(container, IMAGE_HOME);
        if (!pod.volumes?.find(({ name: volume }) => volume === home?.name)?.emptyDir || home?.readOnly) {
          problems.push(`${name}/${container.name}: HOME (${IMAGE_HOME}) is not a writable emptyDir`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('runs NATS as a 3-node JetStream cluster whose routes name each node of its headless Service', () => {
    const nats = named(objects, 'StatefulSet', 'nats')!;
    const headless = named(objects, 'Service', nats.spec!.serviceName!)!;
    const config = named(objects, 'ConfigMap', 'nats-config')!.data!['nats.conf'];
    const routes = [...config.matchAll(/nats:\/\/(\S+):6222/g)].map(([, host]) => host).sort();
    expect({ replicas: nats.spec!.replicas, headless: headless.spec!.clusterIP, jetstream: /jetstream \{/.test(config), routes }).toEqual({
      replicas: 3,
      headless: 'None',
      jetstream: true,
      routes: [0, 1, 2].map((ordinal) => `nats-${ordinal}.${headless.metadata.name}`),
    });
  });

  it(overlay === 'trial' ? 'runs its own PostgreSQL as one StatefulSet' : 'runs no PostgreSQL: it uses a managed one', () => {
    const postgres = workloads(objects).filter((workload) => workload.spec!.template!.spec.containers.some(({ image }) => image.startsWith('postgres')));
    expect(postgres.map(({ kind, spec }) => `${kind} × ${spec!.replicas}`)).toEqual(overlay === 'trial' ? ['StatefulSet × 1'] : []);
  });
});

describe('infra/k8s/secrets.sh --production', () => {
  it('refuses a certs folder whose server certificates do not name the production hosts, saying how to issue them', () => {
    const publicUrls = path.join(K8S_DIR, 'overlays/production/public-urls.env');
    const host = new URL(sandboxConfig('production').ISSUER).hostname;
    expect(() => secretsFor('production', {})).toThrow(
      new Error(
        `CERTS_DIR/authorization-server.pem does not name ${host} (ISSUER in ${publicUrls}): ` +
          `run npm run certs -- --out CERTS_DIR --host authorization-server=${host} (README "Running on Kubernetes")`,
      ),
    );
  });
});
