import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { copyFixture, expectGolden, repository, run } from './support/cli.js';
import { writeProject } from './support/project.js';

const shop = join(repository, 'examples/shop');

/** Output with the repository path replaced, so golden files do not depend on the checkout. */
function portable(text: string): string {
  return text.split(repository).join('<repository>/');
}

describe('plan', () => {
  it('prints markdown', () => {
    const result = run(['plan', shop]);
    expect(result.status).toBe(0);
    expectGolden(result.stdout, 'shop.plan.md');
  });

  it('prints json', () => {
    expectGolden(run(['plan', '--format', 'json', shop]).stdout, 'shop.plan.json');
  });

  it('says when nothing is left', () => {
    const root = copyFixture('fixtures/dependent-images/service-image-base-declared');
    expect(run(['plan'], root).stdout).toContain('Nothing to change');
  });
});

describe('order', () => {
  it('prints a shell script', () => {
    expectGolden(run(['order', 'examples/shop']).stdout, 'shop.order.sh');
  });

  it('passes the project options on', () => {
    const result = run(['order', '-f', 'examples/shop/compose.yaml', '-p', 'store']);
    expect(result.stdout).toContain("docker compose -f examples/shop/compose.yaml -p store build base\n");
  });

  it('turns a compose file PATH into -f', () => {
    expect(run(['order', 'examples/shop/compose.yaml']).stdout).toContain('docker compose -f examples/shop/compose.yaml build base');
  });

  it('prints a bake file', () => {
    expectGolden(run(['order', '--format', 'bake', shop]).stdout, 'shop.order.hcl');
  });

  it('prints json', () => {
    expectGolden(portable(run(['order', '--format', 'json', shop]).stdout), 'shop.order.json');
  });

  it('selects services and what they need', () => {
    const result = run(['order', '--format', 'json', '--service', 'api', shop]);
    expect(JSON.parse(result.stdout).waves).toEqual([['base'], ['api']]);
  });

  it('rejects an unknown service', () => {
    const result = run(['order', '--service', 'nope', shop]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('no service "nope"');
  });

  it('fails on a cycle', () => {
    const root = writeProject({
      'compose.yaml': 'services:\n  a:\n    image: x/a\n    build: a\n  b:\n    image: x/b\n    build: b\n',
      'a/Dockerfile': 'FROM x/b\n',
      'b/Dockerfile': 'FROM x/a\n',
    });
    const result = run(['order'], root);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('a -> b -> a');
    expect(result.stderr).toContain('a needs b (a/Dockerfile:1:6)');
  });
});

describe('graph', () => {
  it('prints mermaid', () => {
    expectGolden(run(['graph', shop]).stdout, 'shop.graph.mmd');
  });

  it('prints dot', () => {
    expectGolden(run(['graph', '--format', 'dot', shop]).stdout, 'shop.graph.dot');
  });

  it('renders svg naming every service', () => {
    const result = run(['graph', '--format', 'svg', shop]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^<\?xml[^>]*>\s*<!DOCTYPE svg/);
    expect(result.stdout.trimEnd()).toMatch(/<\/svg>$/);
    for (const service of ['base', 'api', 'worker', 'web']) {
      expect(result.stdout).toContain(`<title>${service}</title>`);
    }
  });
});
