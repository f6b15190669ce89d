import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { copyFixture, repository } from '../support/cli.js';

/** Neovim 0.7 is the first release with `vim.diagnostic` and the client calls the script uses; 0.8 adds `vim.lsp.start`. */
const minimumVersion = [0, 7];

/** The installed Neovim's version, or `undefined` when `nvim` is not on PATH. */
function findNeovim(): number[] | undefined {
  const result = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  const match = result.status === 0 ? /^NVIM v(\d+)\.(\d+)\.(\d+)/m.exec(result.stdout) : null;
  return match === null ? undefined : match.slice(1).map(Number);
}

const version = findNeovim();
const supported = version !== undefined && (version[0]! > minimumVersion[0]! || (version[0] === minimumVersion[0] && version[1]! >= minimumVersion[1]!));
const title = supported
  ? `Neovim ${version!.join('.')} LSP client`
  : `Neovim LSP client (skipped: needs nvim ${minimumVersion.join('.')} or later on PATH; install it with apt-get install -y neovim)`;

interface NeovimResult {
  version: string;
  api: string;
  steps: string[];
  error?: string;
  diagnostic?: { lnum: number; col: number; end_lnum: number; end_col: number; source: string };
  action_titles?: string[];
}

describe(title, () => {
  it.skipIf(!supported)('fixes an undeclared dependency', () => {
    const root = copyFixture('fixtures/dependent-images/service-image-base');
    const scratch = mkdtempSync(join(tmpdir(), 'compose-lint-nvim-'));
    const resultFile = join(scratch, 'result.json');

    const run = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-c', `luafile ${join(repository, 'test/editors/neovim-client.lua')}`], {
      cwd: root,
      encoding: 'utf8',
      timeout: 50_000,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: scratch,
        XDG_CONFIG_HOME: join(scratch, 'config'),
        XDG_DATA_HOME: join(scratch, 'data'),
        XDG_STATE_HOME: join(scratch, 'state'),
        XDG_CACHE_HOME: join(scratch, 'cache'),
        NVIM_TEST_SERVER: JSON.stringify([process.execPath, join(repository, 'bin/compose-lint.js'), 'lsp', '--stdio']),
        NVIM_TEST_ROOT: root,
        NVIM_TEST_DOCKERFILE: join(root, 'b.Dockerfile'),
        NVIM_TEST_COMPOSE: join(root, 'compose.yaml'),
        NVIM_TEST_RESULT: resultFile,
      },
    });
    expect(run.error).toBeUndefined();

    const result = JSON.parse(readFileSync(resultFile, 'utf8')) as NeovimResult;
    expect(result.error).toBeUndefined();
    expect(result.steps).toEqual(['started', 'diagnosed', 'actions', 'applied', 'cleared']);
    expect(result.diagnostic).toEqual({ lnum: 0, col: 5, end_lnum: 0, end_col: 14, source: 'compose-lint' });
    expect(result.action_titles).toContain('Disable undeclared-build-dependency for this line');
    expect(readFileSync(join(root, 'compose.yaml'), 'utf8')).toContain('service_a: "service:a"');
  }, 60_000);
});
