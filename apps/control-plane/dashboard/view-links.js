// The Links view: the links the control plane lists (GET /v1/dashboard-info); only http(s)
// URLs become links.

import { api } from './api.js';
import { $, el, showError } from './dom.js';
import { safeHttpUrl } from './format.js';
import { markLoaded } from './router.js';

export function linksView() {
  return {
    async enter() {
      const list = $('links-list');
      try {
        const info = await api('GET', '/v1/dashboard-info');
        const links = Array.isArray(info?.links) ? info.links : [];
        list.replaceChildren(
          ...links.map((l) => {
            const href = safeHttpUrl(l?.url);
            const title = String(l?.title ?? l?.url ?? '');
            return href
              ? el('li', { 'data-testid': 'link' }, el('a', { href, rel: 'noopener noreferrer', target: '_blank', text: title }), el('div', { class: 'muted mono small', text: href }))
              : el('li', { 'data-testid': 'link-refused' }, el('span', { text: title }), el('div', { class: 'muted small', text: `not shown: not an http(s) URL (${String(l?.url)})` }));
          }),
        );
        $('links-empty').hidden = links.length > 0;
        showError($('links-error'), undefined);
      } catch (err) {
        showError($('links-error'), err);
      }
      markLoaded('links');
    },
    leave() {},
    reset() {
      $('links-list').replaceChildren();
    },
  };
}
