# syntax=docker/dockerfile:1

# Build stage: every dependency, then TypeScript compiled to dist/.
FROM node:20-alpine AS build
WORKDIR /src
COPY package.json package-lock.json ./
# Scripts are skipped because `prepare` would build before the sources are here.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY bin ./bin
COPY scripts ./scripts
COPY src ./src
COPY rules ./rules
RUN npm run build

# Runtime stage: the production dependencies and the compiled code only.
FROM node:20-alpine
ENV NODE_ENV=production
WORKDIR /opt/compose-lint
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist ./dist
COPY bin ./bin
COPY rules/*.md ./rules/
COPY README.md LICENSE CHANGELOG.md ./
RUN ln -s /opt/compose-lint/bin/compose-lint.js /usr/local/bin/compose-lint

# Mount the project at /work: docker run --rm -v "$PWD:/work" compose-lint
USER node
WORKDIR /work
# Node directly rather than the script's shebang, which needs `env -S`
# (BusyBox's env in Alpine has no -S).
ENTRYPOINT ["node", "--", "/opt/compose-lint/bin/compose-lint.js"]
