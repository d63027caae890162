#!/bin/sh
# Stand-in for Prisma's native schema-engine binary, which the CLI downloads on first use (and
# cannot, offline). `prisma generate` only checks that the file exists, so scripts/db/generate.ts
# points PRISMA_SCHEMA_ENGINE_BINARY here. Any command that really runs the engine lands here.
echo "Tika runs migrations without Prisma's native engine: use npm run db:migrate, db:status, db:new <name> or db:check instead of prisma migrate/db." >&2
exit 1
