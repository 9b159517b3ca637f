// The control plane's browser dashboard (docs/control-plane.md is the API it reads): the
// entry module. Plain ES modules, no framework, no build step, nothing loaded from elsewhere:
// api.js (session and API client), dom.js (text-only DOM helpers), format.js and parsers.js
// (pure helpers), router.js (views and shared state), and one view-*.js per view.

import { session } from './api.js';
import { showView, views } from './router.js';
import { distributionsView } from './view-distributions.js';
import { edgesView } from './view-edges.js';
import { explainView } from './view-explain.js';
import { invalidationsView } from './view-invalidations.js';
import { linksView } from './view-links.js';
import { startSession } from './view-signin.js';
import { tailView } from './view-tail.js';

function boot() {
  Object.assign(views, {
    distributions: distributionsView(),
    edges: edgesView(),
    invalidations: invalidationsView(),
    tail: tailView(),
    explain: explainView(),
    links: linksView(),
  });
  window.addEventListener('hashchange', () => {
    if (session.token) showView(location.hash.slice(1));
  });
  startSession();
}

if (typeof document !== 'undefined') boot();
