# One image for the worker, the API and the migration job (see docker-compose.yml), holding
# production dependencies only. The build stage generates the Prisma client (the Prisma CLI is a
# dev dependency); the runtime stage installs what runs (tsx runs the TypeScript sources) and
# takes the generated client from it.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY scripts ./scripts
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: the one that matters (prisma generate) ran above; the embedded
# PostgreSQL package's serves `npm start` only.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/prisma/generated ./prisma/generated
COPY . .
USER node
# Node with tsx's loader, not npm: signals reach the process, so the worker drains on SIGTERM.
CMD ["node", "--import", "tsx", "api/main.ts"]
