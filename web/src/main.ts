/** The dashboard: sign-in, then the pages by the address's fragment (`#/activations/…`), all in French. */
import { ApiError } from './api.ts';
import { alertBox, h, show } from './dom.ts';
import { activatePage } from './pages/activate.ts';
import { activationPage } from './pages/activation.ts';
import { listPage } from './pages/list.ts';
import { readinessPage } from './pages/readiness.ts';
import { reportPage } from './pages/report.ts';
import { signInPage } from './pages/signin.ts';
import {
  completeCognitoSignIn,
  currentSession,
  hasRole,
  ROLE_LABELS,
  type SiteConfig,
  signOut,
} from './session.ts';

const renderHeader = (config: SiteConfig) => {
  const session = currentSession();
  const tools = document.getElementById('session') as HTMLElement;
  const nav = document.getElementById('navigation') as HTMLElement;
  if (!session) {
    tools.replaceChildren();
    nav.replaceChildren();
    return;
  }
  tools.replaceChildren(
    h(
      'p',
      { class: 'fr-mb-1w', id: 'utilisateur' },
      `${session.name} — ${session.roles.map((role) => ROLE_LABELS[role]).join(', ')}`,
    ),
    h(
      'button',
      {
        class: 'fr-btn fr-btn--tertiary fr-btn--sm',
        type: 'button',
        onclick: () => {
          signOut(config);
          route(config);
        },
      },
      'Se déconnecter',
    ),
  );
  const links: [string, string, boolean][] = [
    ['#/', 'Activations', true],
    ['#/activer', 'Activer le COD', hasRole('duty-officer')],
    ['#/rapport', 'Revue annuelle', hasRole('quality', 'prefect', 'admin')],
    ['#/preparation', 'Préparation', true],
  ];
  nav.replaceChildren(
    h(
      'ul',
      {},
      links
        .filter(([, , shown]) => shown)
        .map(([href, label]) =>
          h(
            'li',
            {},
            h(
              'a',
              {
                class: 'fr-link',
                href,
                ...(location.hash === href || (href === '#/' && location.hash === '')
                  ? { 'aria-current': 'page' }
                  : {}),
              },
              label,
            ),
          ),
        ),
    ),
  );
};

const route = async (config: SiteConfig) => {
  renderHeader(config);
  if (!currentSession()) {
    signInPage(config, () => route(config));
    return;
  }
  const [path = '/', query = ''] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query);
  const activation = /^\/activations\/([\w-]+)(\/impression)?$/.exec(path);
  try {
    if (activation?.[1]) await activationPage(activation[1], { print: Boolean(activation[2]) });
    else if (path === '/activer') await activatePage();
    else if (path === '/rapport') await reportPage(params);
    else if (path === '/preparation') await readinessPage();
    else await listPage(params);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      signOut(config);
      return route(config);
    }
    show('Erreur', alertBox('error', 'La page n’a pas pu être affichée', (error as Error).message));
  }
};

const start = async () => {
  const config = (await (await fetch('/config.json')).json()) as SiteConfig;
  if (config.auth.kind === 'cognito')
    await completeCognitoSignIn(config.auth).catch((error: Error) =>
      show('Erreur', alertBox('error', 'Connexion', error.message)),
    );
  window.addEventListener('hashchange', () => void route(config));
  await route(config);
};

void start();
