# Kindling: one image for the driver and the executors (docker-compose.yml).
#
#   docker build -t kindling .
#   docker run --rm kindling submit --master local[2] examples/word-count/word-count.ts examples/word-count/input.txt
#
# The workspace is installed with its lockfile and built with `tsc -b` (the root
# package's prepare script), then the image runs the `kindling` CLI.
FROM node:20-slim

WORKDIR /opt/kindling
ENV CI=true

COPY package.json pnpm-lock.yaml pnpm-workspace.yaml tsconfig.base.json tsconfig.json ./
COPY proto ./proto
COPY packages ./packages
COPY examples ./examples
# The install runs the root's prepare script (tsc -b) once the sources are in place;
# the explicit build after it is a no-op then, and a check that the build is complete.
RUN npx --yes pnpm@10 install --frozen-lockfile && npx tsc -b

ENV NODE_ENV=production
# The driver of a kindling:// cluster listens here for executors.
EXPOSE 7077
ENTRYPOINT ["node", "/opt/kindling/packages/driver/dist/cli/main.js"]
CMD ["--help"]
