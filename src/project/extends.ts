import { dirname } from 'node:path';
import type { SourceRange } from '../source.js';
import { createFinding, loaderRuleIds } from './diagnostics.js';
import type { Environment } from './env.js';
import type { ServiceLayer } from './layers.js';
import { extendService, mergeServices } from './merge.js';
import type { ModelLoader } from './model.js';
import type { PathBase } from './paths.js';
import { escapePointer } from './schema-value.js';
import type { SchemaIssue } from './schema.js';

/** The document whose services' `extends` are applied. */
export interface ExtendsContext {
  file: string;
  environment: Environment;
  pathBase: PathBase;
}

/** The services of one file that `extends.file` names, resolved in place as they are extended. */
interface ExtendsScope {
  services: Map<string, ServiceLayer>;
  /** Schema findings of the file, which are reported only under the services that are extended. */
  schemaIssues: SchemaIssue[];
}

/** A service in the chain being resolved, to detect a circular `extends`. */
interface ChainLink {
  file: string;
  name: string;
}

const scopes = new WeakMap<ModelLoader, Map<string, ExtendsScope | undefined>>();
/** The loaded scope of each services map, to find the schema findings of an extended file. */
const scopesByServices = new WeakMap<Map<string, ServiceLayer>, ExtendsScope>();

/**
 * Applies `extends` to the services of one document, as compose-go
 * `loader/extends.go` does after `include`: the extending service is merged
 * over the service it names, with the rules of merging files, recursively.
 * `extends: name` names a service of the same document; `extends.file`
 * loads another file, interpolated with the same environment, whose
 * relative paths resolve against its own directory. The values keep the
 * ranges of the file that wrote them.
 *
 * A missing file or service and a circular chain are error findings at the
 * `extends` value; the service then keeps only its own fields.
 */
export function applyExtends(loader: ModelLoader, services: ServiceLayer[], context: ExtendsContext): void {
  if (!services.some((service) => service.extends)) return;

  const scope = new Map(services.filter((service) => service.mergeTag !== 'reset').map((service) => [service.name, service]));
  const resolver = new ExtendsResolver(loader, context);
  services.forEach((service, index) => {
    if (service.mergeTag === 'reset') return;
    services[index] = resolver.resolve(service.name, scope, context.file, []);
  });
}

class ExtendsResolver {
  constructor(
    readonly loader: ModelLoader,
    readonly context: ExtendsContext,
  ) {}

  /** Resolves the `extends` chain of one service of `scope`, replacing the service in `scope` with the result. */
  resolve(name: string, scope: Map<string, ServiceLayer>, file: string, chain: readonly ChainLink[]): ServiceLayer {
    const service = scope.get(name)!;
    const reference = service.extends;
    if (reference === undefined) return service;

    // Reports why `extends` cannot be applied and keeps the service without it.
    const fail = (message: string, range: SourceRange, severity: 'error' | 'info' = 'error'): ServiceLayer => {
      this.loader.findings.push(createFinding(loaderRuleIds.schema, severity, message, range));
      const { extends: _extends, ...rest } = service;
      const failed: ServiceLayer = { ...rest, extendsFailed: true };
      scope.set(name, failed);
      return failed;
    };

    const where = `cannot extend service "${name}" in ${this.loader.displayPath(file)}`;
    let baseScope = scope;
    let baseFile = file;
    if (reference.file !== undefined) {
      if (reference.file.path === undefined) {
        // NOTE: Compose fetches Git and OCI files for `extends`, but compose-lint reads local files only.
        const message =
          `compose-lint does not fetch the remote file ${JSON.stringify(reference.file.value)}, ` +
          `so the fields that service "${name}" inherits from it are not checked`;
        return fail(message, reference.file.range, 'info');
      }

      const loaded = this.#loadScope(reference.file.path);
      if (loaded === undefined) {
        return fail(`${where}: file ${this.loader.displayPath(reference.file.path)} not found`, reference.file.range);
      }
      if (loaded.services.size === 0) {
        return fail(`${where}: ${this.loader.displayPath(reference.file.path)} defines no services`, reference.file.range);
      }
      baseScope = loaded.services;
      baseFile = reference.file.path;
    }

    const baseName = reference.service.value;
    if (!baseScope.has(baseName)) {
      const inFile = reference.file ? ` in ${this.loader.displayPath(baseFile)}` : '';
      return fail(`${where}: service "${baseName}" not found${inFile}`, reference.service.range);
    }
    const loadedScope = scopesByServices.get(baseScope);
    if (loadedScope) this.#reportSchemaIssues(loadedScope, baseName);

    const links = [...chain, { file, name }];
    const cycleStart = links.findIndex((link) => link.file === baseFile && link.name === baseName);
    if (cycleStart >= 0) {
      const cycle = [...links.slice(cycleStart), { file: baseFile, name: baseName }].map(
        (link) => `${link.name} in ${this.loader.displayPath(link.file)}`,
      );
      return fail(`circular extends: ${cycle[0]} extends ${cycle.slice(1).join(', which extends ')}`, reference.service.range);
    }

    const base = this.resolve(baseName, baseScope, baseFile, links);
    const merged = extendService(base, service);
    scope.set(name, merged);
    return merged;
  }

  /**
   * Loads the services of a file that `extends.file` names, once per loader
   * and environment: all its documents merged, without `include`.
   */
  #loadScope(file: string): ExtendsScope | undefined {
    const cache = scopes.get(this.loader) ?? new Map<string, ExtendsScope | undefined>();
    scopes.set(this.loader, cache);
    const key = `${file}\0${[...this.context.environment].join('\0')}`;
    if (cache.has(key)) return cache.get(key);

    const documents = this.loader.parse(file);
    let scope: ExtendsScope | undefined;
    if (documents !== undefined) {
      scope = { services: new Map(), schemaIssues: [] };
      const pathBase = { directory: dirname(file), home: this.context.pathBase.home };
      for (const document of documents) {
        const read = this.loader.readDocument(document, this.context.environment, pathBase, false);
        if (read.layer.servicesTag) scope.services.clear();
        mergeServices(scope.services, read.layer.services);
        scope.schemaIssues.push(...read.schemaIssues);
      }
    }
    if (scope) scopesByServices.set(scope.services, scope);
    cache.set(key, scope);
    return scope;
  }

  /** Reports the schema findings of an extended file that are about the extended service, as Compose validates the merged service. */
  #reportSchemaIssues(scope: ExtendsScope, service: string): void {
    const prefix = `/services/${escapePointer(service)}`;
    for (const issue of scope.schemaIssues) {
      if (issue.pointer === prefix || issue.pointer.startsWith(`${prefix}/`)) this.loader.findings.push(issue.finding);
    }
  }
}
