// Generates a synthetic Compose project of a given size, the same every time
// for the same seed: base services that others build on, services with
// multi-stage Dockerfiles, references through FROM and COPY --from (some
// declared in additional_contexts, some not), build args and targets.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Mulberry32: a small seeded generator, so every run builds the same project. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateProject(directory, services, seed = 1) {
  const next = random(seed);
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });

  const baseCount = Math.max(1, Math.round(services / 10));
  const lines = ['name: bench', '', 'services:'];

  for (let index = 0; index < services; index++) {
    const name = index < baseCount ? `base${index}` : `svc${index}`;
    const serviceDirectory = join(directory, name);
    mkdirSync(serviceDirectory, { recursive: true });
    writeFileSync(join(serviceDirectory, 'app.txt'), `${name}\n`);

    lines.push(`  ${name}:`);
    if (index < baseCount) {
      lines.push(`    image: bench/${name}:latest`, `    build: ./${name}`);
      writeFileSync(
        join(serviceDirectory, 'Dockerfile'),
        ['FROM alpine:3.20', 'RUN apk add --no-cache ca-certificates openssl curl', 'WORKDIR /app', 'COPY app.txt .', ''].join('\n'),
      );
      continue;
    }

    const base = `base${Math.floor(next() * baseCount)}`;
    const other = `base${Math.floor(next() * baseCount)}`;
    const declared = next() < 0.5;
    lines.push('    build:', `      context: ./${name}`, '      target: runtime', '      args:', '        VERSION: "1.2.3"');
    if (declared) lines.push('      additional_contexts:', `        bench/${base}: "service:${base}"`);
    lines.push('    depends_on: [' + base + ']', '    environment:', `      SERVICE_NAME: ${name}`, '    ports:', `      - "${10000 + index}:8080"`);

    writeFileSync(
      join(serviceDirectory, 'Dockerfile'),
      [
        '# syntax=docker/dockerfile:1',
        'ARG VERSION=dev',
        'FROM golang:1.22 AS build',
        'WORKDIR /src',
        'COPY app.txt .',
        'RUN --mount=type=cache,target=/root/.cache/go-build \\',
        '    echo building ${VERSION} > /src/out.txt',
        '',
        `FROM bench/${base} AS runtime`,
        `COPY --from=bench/${other} /app/app.txt /shared/app.txt`,
        'COPY --from=build /src/out.txt /app/out.txt',
        'RUN <<EOF',
        'echo "configured"',
        'EOF',
        'CMD ["cat", "/app/out.txt"]',
        '',
      ].join('\n'),
    );
  }

  writeFileSync(join(directory, 'compose.yaml'), `${lines.join('\n')}\n`);
  return join(directory, 'compose.yaml');
}
