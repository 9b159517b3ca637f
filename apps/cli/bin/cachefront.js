#!/usr/bin/env node
// Entry for `npx cachefront`: runs the TypeScript CLI with Node's type stripping (Node >= 22.18 / 24).
import '../src/main.ts';
