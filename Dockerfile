# syntax=docker/dockerfile:1
# Tika in a container: see docs/operations.md ("Container"). Build: docker build -t tika .
ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: install everything, generate the Prisma clients (npm ci's postinstall), compile, drop dev dependencies ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary can be downloaded (offline builds).
RUN apt-get update \
	&& apt-get install -y --no-install-recommends python3 make g++ \
	&& rm -rf /var/lib/apt/lists/*
# The whole source first: the postinstall step (npm run db:generate) reads prisma/ and every plugin's models.prisma.
COPY . .
RUN --mount=type=cache,target=/root/.npm npm ci \
	&& npm run build \
	&& npm prune --omit=dev \
	# The image's config.yml serves /healthz for the HEALTHCHECK, on every interface of the container (publish the port
	# only where Prometheus can reach it). Mount your own config.yml over it, keeping metrics.enabled: true.
	&& sed -i -e '/^metrics:/,/^$/s/^  enabled: false/  enabled: true/' -e '/^metrics:/,/^$/s/^  host: 127.0.0.1/  host: 0.0.0.0/' config.yml \
	&& grep -q '^  enabled: true' config.yml \
	# Applying migrations at start reads the joined schema: prisma/models.prisma plus each plugin's models.prisma.
	&& mkdir -p /plugin-models && cd src/plugins && find . -name models.prisma -exec cp --parents {} /plugin-models/ \;

# ---- runtime: only what node dist/index.js reads ----
FROM ${NODE_IMAGE} AS runtime
# tini is PID 1: it forwards SIGTERM to node (graceful shutdown: XP flushed, tasks finished) and reaps zombies.
RUN apt-get update \
	&& apt-get install -y --no-install-recommends tini \
	&& rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/prisma ./prisma
COPY --from=build /plugin-models ./src/plugins
COPY --from=build /app/assets ./assets
COPY --from=build /app/config.yml ./config.yml
# data/ holds the SQLite database (the default) and backups; logs/ the log file. Owned by the unprivileged user.
RUN mkdir -p data logs && chown node:node data logs
USER node
VOLUME ["/app/data"]
EXPOSE 9464
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
	CMD ["node", "-e", "fetch('http://127.0.0.1:9464/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/index.js"]
