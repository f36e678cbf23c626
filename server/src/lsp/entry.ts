// Entry of dist/server.js, the bundle the VS Code extension starts.
import { runServer } from './main.js';

runServer();
