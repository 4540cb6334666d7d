# Samvad as a container image: built in the first stage, nothing built where it runs
# (docs/operations.md, "Releasing and deploying without building on the target").
#
#   docker build -t samvad .
#   docker run -d -p 5000:5000 -v samvad-data:/var/lib/samvad -e JWT_SECRET=... samvad
#
# Without DATABASE_URL the embedded PostgreSQL (PGlite) keeps its files in the volume.

FROM node:20-slim AS build
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1
# The workspaces' manifests first, so the install is cached until a dependency changes.
COPY package.json package-lock.json ./
COPY packages/protocol/package.json packages/protocol/
COPY packages/embed/package.json packages/embed/
COPY apps/server/package.json apps/server/
COPY apps/web/package.json apps/web/
COPY bench/package.json bench/
COPY e2e/package.json e2e/
COPY examples/host-app/package.json examples/host-app/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm run release
# The artifact unpacked as on a target, with its production dependencies only (prebuilt: no compiler).
RUN mkdir /opt/samvad \
  && tar -xzf release/samvad-*.tgz -C /opt/samvad --strip-components=1 \
  && cd /opt/samvad \
  && npm ci --omit=dev --no-audit --no-fund \
  && npm cache clean --force

FROM node:20-slim
ENV NODE_ENV=production \
    PORT=5000 \
    DATA_DIR=/var/lib/samvad
# The code stays root's (read-only to the server); the data folder is the server's.
COPY --from=build /opt/samvad /opt/samvad
RUN mkdir -p /var/lib/samvad && chown node:node /var/lib/samvad
USER node
WORKDIR /opt/samvad
VOLUME /var/lib/samvad
EXPOSE 5000
# No curl in the slim image: Node's fetch asks /api/health (503 when the database does not answer).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 5000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Receives SIGTERM directly (no shell): the graceful shutdown of docs/operations.md.
CMD ["node", "start.mjs"]
