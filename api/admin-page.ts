// The administrators' page at /admin: static HTML, one script and one style sheet from
// api/admin-page/, served from the API's own origin (helmet's CSP allows scripts only from
// there, and none inline). The page holds no data and needs no key: its script calls the JSON
// API with the key the administrator types, kept in sessionStorage, never in a URL.
import path from 'node:path';
import express, { Router } from 'express';

const dir = path.join(__dirname, 'admin-page');

export function adminPage(): Router {
  const router = Router();
  // /admin itself, with or without the slash (no redirect).
  router.get('/', (_req, res) => res.sendFile(path.join(dir, 'index.html')));
  router.use(express.static(dir, { index: false, redirect: false }));
  return router;
}
