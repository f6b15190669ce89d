import { relative } from 'node:path';
import type { Finding } from '../engine/finding.js';
import type { Host } from '../host.js';
import type { SourceRange } from '../source.js';
import { createFinding, loaderRuleIds } from './diagnostics.js';
import { DocumentReader } from './document-reader.js';
import type { Environment } from './env.js';
import { applyExtends } from './extends.js';
import { applyIncludes } from './include.js';
import { interpolateDocument } from './interpolate-document.js';
import type { ServiceLayer } from './layers.js';
import { mergeServices } from './merge.js';
import type { PathBase } from './paths.js';
import { readDocument, type DocumentLayer } from './read-document.js';
import { validateDocumentSchema, type SchemaIssue } from './schema.js';
import { parseComposeFile, type YamlDocument } from './yaml-file.js';

/** The services and top-level secrets of a set of compose files, merged, before paths become the project model. */
export interface ProjectModel {
  services: Map<string, ServiceLayer>;
  secrets: Map<string, SourceRange>;
  /** False when every document is empty, which Compose rejects as "empty compose file". */
  hasContent: boolean;
}

/** The result of reading one document: its layer and the schema validator's findings about it. */
export interface ReadDocument {
  layer: DocumentLayer;
  /** Schema findings with their JSON pointers, so that a caller can keep those under one service. */
  schemaIssues: SchemaIssue[];
}

/**
 * Loads compose files as compose-go `loader.loadYamlModel` does: each YAML
 * document in turn is interpolated, validated against the schema and read,
 * then its `include` entries are loaded and imported, its `extends` applied,
 * and the result merged over the documents before it. Included files and
 * the files that `extends` names are loaded through the same loader, which
 * parses each file once.
 */
export class ModelLoader {
  readonly #parsed = new Map<string, YamlDocument[] | undefined>();
  readonly #read = new Map<Environment, Map<string, ReadDocument>>();

  /**
   * @param texts compose file texts that do not come from the host, such as standard input
   * @param projectDirectory directory that file names in messages are relative to
   */
  constructor(
    readonly host: Host,
    readonly findings: Finding[],
    readonly texts: ReadonlyMap<string, string>,
    readonly projectDirectory: string,
  ) {}

  /** Names a file in a message, relative to the project directory. */
  displayPath(file: string): string {
    return relative(this.projectDirectory, file) || file;
  }

  /** Checks whether a compose file can be read, from the host or the given texts. */
  canRead(file: string): boolean {
    return this.texts.has(file) || this.host.kind(file) === 'file';
  }

  /**
   * Parses a compose file once and reports its YAML errors once. Returns
   * `undefined` when the file cannot be read.
   */
  parse(file: string): YamlDocument[] | undefined {
    if (this.#parsed.has(file)) return this.#parsed.get(file);

    const text = this.texts.get(file) ?? this.host.readText(file);
    const documents = text === undefined ? undefined : parseComposeFile(file, text);
    if (documents) this.findings.push(...documents.findings);
    this.#parsed.set(file, documents?.documents);
    return documents?.documents;
  }

  /**
   * Interpolates, validates and reads one document, once per environment and
   * path base. Findings of the document go to the loader's findings, except
   * schema findings when `reportSchema` is false: the caller then picks the
   * ones under the services it uses from `schemaIssues`.
   */
  readDocument(document: YamlDocument, environment: Environment, pathBase: PathBase, reportSchema: boolean): ReadDocument {
    const cache = this.#read.get(environment) ?? new Map<string, ReadDocument>();
    this.#read.set(environment, cache);
    const key = `${document.file}\0${document.document.range[0]}\0${pathBase.directory}\0${reportSchema}`;
    const cached = cache.get(key);
    if (cached) return cached;

    const read = this.#readDocumentSafely(document, environment, pathBase, reportSchema);
    cache.set(key, read);
    return read;
  }

  /** Loads files as one project: merges their documents in order and applies `include` and `extends`. */
  loadModel(files: readonly string[], pathBase: PathBase, environment: Environment, includeChain: readonly string[]): ProjectModel {
    const model: ProjectModel = { services: new Map(), secrets: new Map(), hasContent: false };

    for (const file of files) {
      const documents = this.parse(file) ?? [];
      for (const document of documents) {
        const { layer } = this.readDocument(document, environment, pathBase, true);
        model.hasContent ||= layer.hasContent;

        applyIncludes(this, layer, { file, environment, pathBase, includeChain: [...includeChain, file] });
        applyExtends(this, layer.services, { file, environment, pathBase });

        if (layer.servicesTag) model.services.clear();
        mergeServices(model.services, layer.services);
        if (layer.secretsTag) model.secrets.clear();
        for (const [name, range] of layer.secrets) model.secrets.set(name, range);
      }
    }
    return model;
  }

  /**
   * Reads one document. An exception here is a loader bug; it becomes a
   * finding so that the other documents still load.
   */
  #readDocumentSafely(document: YamlDocument, environment: Environment, pathBase: PathBase, reportSchema: boolean): ReadDocument {
    const documentFindings: Finding[] = [];
    try {
      const interpolated = interpolateDocument(document, (variable) => environment.get(variable), documentFindings);
      const reader = new DocumentReader(document, documentFindings, interpolated, pathBase);
      const validation = validateDocumentSchema(reader);
      reader.schemaChecked = validation.checked;
      if (reportSchema || !validation.checked) documentFindings.push(...validation.issues.map((issue) => issue.finding));

      const layer = readDocument(reader);
      this.findings.push(...documentFindings);
      return { layer, schemaIssues: reportSchema ? [] : validation.issues };
    } catch (error) {
      this.findings.push(...documentFindings);
      const [start, end] = document.document.range;
      const reason = error instanceof Error ? error.message : String(error);
      const message = `compose-lint failed to load this YAML document (${reason}), which is a bug: please report it`;
      this.findings.push(createFinding(loaderRuleIds.internal, 'error', message, document.lines.range(document.file, start, end)));
      return { layer: { hasContent: true, services: [], includes: [], secrets: new Map() }, schemaIssues: [] };
    }
  }
}
