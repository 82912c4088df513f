/** Sign-in: a demo user per role locally; Cognito's hosted sign-in (with MFA) on AWS. */
import { h, show } from '../dom.ts';
import { ROLE_LABELS, type SiteConfig, signInLocally, signInWithCognito } from '../session.ts';

export const signInPage = (config: SiteConfig, after: () => void) => {
  if (config.auth.kind === 'cognito') {
    const auth = config.auth;
    show(
      'Connexion',
      h('h1', {}, 'Connexion'),
      h(
        'p',
        {},
        'La connexion passe par le service d’authentification de la préfecture (mot de passe et second facteur).',
      ),
      h(
        'button',
        { class: 'fr-btn', type: 'button', onclick: () => void signInWithCognito(auth) },
        'Se connecter',
      ),
    );
    return;
  }
  show(
    'Connexion',
    h('h1', {}, 'Connexion (runtime local)'),
    h(
      'p',
      {},
      'Choisissez un utilisateur de démonstration. Chaque rôle voit et peut faire ce que l’API lui permet.',
    ),
    h(
      'ul',
      { class: 'fr-btns-group fr-btns-group--inline-md' },
      config.auth.users.map((user) =>
        h(
          'li',
          {},
          h(
            'button',
            {
              class: 'fr-btn fr-btn--secondary',
              type: 'button',
              'data-role': user.role,
              onclick: async () => {
                await signInLocally(user.role, user.name);
                after();
              },
            },
            `${user.name} (${ROLE_LABELS[user.role]})`,
          ),
        ),
      ),
    ),
  );
};
