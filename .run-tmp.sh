#!/bin/sh
npx esbuild .probe3-tmp.ts --bundle --platform=node --format=esm --packages=external --outfile=.probe3-tmp.mjs --log-level=error && node .probe3-tmp.mjs "$1"
