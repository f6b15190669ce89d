import { findDockerfile, type Analysis } from '../engine/analysis.js';
import { imageName } from '../project/types.js';
import { namedContextKey } from '../reference/reference.js';

/** Facts about the whole project that every group's rewrite reads, gathered once per analysis. */
export interface ProjectIndex {
  /** Names of the images the project builds, lowercased and as named-context keys. */
  imageNames: Set<string>;
  /** The services that build each Dockerfile, by absolute path, those a profile disables included. */
  dockerfileServices: Map<string, string[]>;
}

export function indexProject(analysis: Analysis): ProjectIndex {
  const imageNames = new Set<string>();
  const dockerfileServices = new Map<string, string[]>();
  const addImage = (name: string): void => {
    imageNames.add(name.toLowerCase());
    const key = namedContextKey(name);
    if (key !== undefined) imageNames.add(key);
  };

  for (const service of [...analysis.project.services, ...analysis.project.disabledServices]) {
    const build = service.build;
    if (build === undefined) continue;

    addImage(imageName(analysis.project, service));
    for (const tag of build.tags) addImage(tag.value);

    const dockerfile = findDockerfile(build, analysis.host) ?? build.dockerfilePath;
    if (dockerfile !== undefined) dockerfileServices.set(dockerfile, [...(dockerfileServices.get(dockerfile) ?? []), service.name]);
  }
  return { imageNames, dockerfileServices };
}
