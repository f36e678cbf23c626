// npm run build: write dist/packs.json, the shipped packs parsed and validated (node/rules.ts).
import { writePacksCache } from '../node/rules.js';

writePacksCache();
