import type { Environment } from './env.js';
import type { LoadOptions, Service } from './types.js';

/**
 * Returns the active profiles: the `--profile` values, else the
 * comma-separated `COMPOSE_PROFILES` of the environment (which `.env` may
 * set), trimmed, as compose-go `cli.WithDefaultProfiles` reads them.
 */
export function readActiveProfiles(options: LoadOptions, environment: Environment): string[] {
  const fromOption = options.profiles !== undefined && options.profiles.length > 0;
  const profiles = fromOption ? options.profiles! : (environment.get('COMPOSE_PROFILES') ?? '').split(',');
  return profiles.map((profile) => profile.trim()).filter((profile) => profile !== '');
}

/**
 * Checks whether Compose enables a service under the active profiles, as
 * compose-go `ServiceConfig.HasProfile` does: a service without profiles is
 * always enabled, `*` enables every service, and otherwise one of the
 * service's profiles must be active.
 */
export function isServiceEnabled(service: Service, activeProfiles: readonly string[]): boolean {
  if (service.profiles.length === 0) return true;
  return activeProfiles.some((profile) => profile === '*' || service.profiles.includes(profile));
}
