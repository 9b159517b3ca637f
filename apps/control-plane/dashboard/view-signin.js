// Sign in and out: the token form, the signed-in subject and scopes in the top bar, and back
// to the form when the API refuses the token.

import { api, onAuthFailure, session, TOKEN_KEY } from './api.js';
import { $, showError } from './dom.js';
import { decodeJwtClaims } from './format.js';
import { resetViews, showView } from './router.js';

function showSignedIn() {
  const claims = decodeJwtClaims(session.token) ?? {};
  const scopes = typeof claims.scope === 'string' ? claims.scope : '';
  session.scopes = new Set(scopes.split(/\s+/).filter(Boolean));
  const exp = typeof claims.exp === 'number' ? ` · expires ${new Date(claims.exp * 1000).toLocaleString()}` : '';
  $('session-subject').textContent = `${claims.sub ?? 'signed in'}${scopes ? ` · ${scopes}` : ''}`;
  $('session-subject').title = `scopes: ${scopes || '?'}${exp}`;
  $('signin').hidden = true;
  $('nav').hidden = false;
  $('session').hidden = false;
  showView(location.hash.slice(1));
}

function signOut(message) {
  session.gen++;
  session.token = '';
  session.scopes = new Set();
  try {
    sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // storage disabled
  }
  resetViews();
  $('nav').hidden = true;
  $('session').hidden = true;
  $('signin').hidden = false;
  showError($('signin-error'), message);
  $('token-input').value = '';
  $('token-input').focus();
}

async function signIn(token) {
  session.gen++;
  session.token = token;
  const button = $('signin-form').querySelector('button[type=submit]');
  button.disabled = true;
  try {
    await api('GET', '/v1/distributions'); // a 401/403 signs out with the message
    try {
      sessionStorage.setItem(TOKEN_KEY, token);
    } catch {
      // storage disabled: the token stays in memory for this page only
    }
    showError($('signin-error'), undefined);
    showSignedIn();
  } catch (err) {
    if (err.status !== 401 && err.status !== 403) {
      session.token = '';
      showError($('signin-error'), err);
    }
  } finally {
    button.disabled = false;
  }
}

/** Wires the sign-in form and the sign-out button, then signs in with this tab's saved token, if any. */
export function startSession() {
  onAuthFailure(signOut);
  $('signin-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const token = $('token-input')
      .value.trim()
      .replace(/^Bearer\s+/i, '');
    $('token-input').value = '';
    if (token === '') return showError($('signin-error'), 'Paste a token first.');
    void signIn(token);
  });
  $('sign-out').addEventListener('click', () => signOut());

  let saved = '';
  try {
    saved = sessionStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    saved = '';
  }
  if (saved) {
    session.token = saved;
    session.gen++;
    showSignedIn();
  } else signOut();
}
